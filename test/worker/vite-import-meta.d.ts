// Vite's `import.meta.glob` (used to feed labelled eval sets to workerd as text), typed from the
// vite that vitest brings.
/// <reference types="vite/types/importMeta.d.ts" />
