/** The part of autocannon 8's API that scripts/load.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface Histogram {
    average: number
    total: number
    max: number
    p50: number
    p90: number
    p99: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats?: Record<string, { count: number }>
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    requests?: Record<string, unknown>[]
  }
  function autocannon(opts: Options): Promise<Result>
  export default autocannon
}
