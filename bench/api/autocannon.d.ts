// autocannon ships no types and @types/autocannon is not installed; this declares the part bench/api uses.
declare module "autocannon" {
  namespace autocannon {
    interface Client {
      setRequests(requests: ReadonlyArray<Request>): void;
      on(event: "response", listener: (status: number, bytes: number, latencyMs: number) => void): void;
    }
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: Request) => Request;
    }
    interface Options {
      url: string;
      connections?: number;
      headers?: Record<string, string>;
      duration?: number;
      pipelining?: number;
      /** Seconds before a request counts as a timeout (10 by default). */
      timeout?: number;
      setupClient?: (client: Client) => void;
    }
    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      total: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      non2xx: number;
      errors: number;
      timeouts: number;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
