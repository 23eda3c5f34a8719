// Vite's `?raw` imports: a file's text as a string (used to feed labelled eval sets to workerd).
declare module '*?raw' {
  const text: string
  export default text
}
