/**
 * @module The dependency check: dependency-cruiser with the repository's rules (`.dependency-cruiser.cjs`) over a
 * tree of workspace packages, and the package graph drawn from the same cruise.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseResult, type IConfiguration } from "dependency-cruiser";

/** The repository's root. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as IConfiguration;

/** One broken rule, as `rule: from → to`. */
export interface RuleViolation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

export interface DependencyCheck {
  readonly violations: ReadonlyArray<RuleViolation>;
  /** Workspace package → the workspace packages its files import (`packages/web` → `packages/domain`, …). */
  readonly packageGraph: ReadonlyMap<string, ReadonlySet<string>>;
  /** How many files were read: a check that read nothing would pass anything. */
  readonly modules: number;
}

const packageOf = (path: string): string | null => /^((?:packages|apps)\/[^/]+)\//.exec(path)?.[1] ?? null;

/**
 * Cruises `dirs` (relative to `baseDir`, the repository unless given) with the repository's rules.
 *
 * @example
 * const { violations } = await checkDependencies(["packages", "apps", "bench"]);
 * // [{ rule: "federation-beyond-sync", from: "packages/federation/src/x.ts", to: "packages/matching/src/index.ts" }]
 */
export const checkDependencies = async (dirs: ReadonlyArray<string>, baseDir = repoRoot): Promise<DependencyCheck> => {
  const { output } = await cruise([...dirs], {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  if (typeof output === "string") throw new Error("dependency-cruiser answered text where a result was asked for");
  const result: ICruiseResult = output;
  const packageGraph = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = packageOf(module.source);
    if (from === null) continue;
    const edges = packageGraph.get(from) ?? new Set<string>();
    packageGraph.set(from, edges);
    for (const dependency of module.dependencies) {
      const to = packageOf(dependency.resolved);
      if (to !== null && to !== from) edges.add(to);
    }
  }
  return {
    violations: result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
    packageGraph,
    modules: result.modules.length,
  };
};

/**
 * Every cycle between packages, each as the packages in order (`["packages/a", "packages/b"]` for a ⇄ b). The
 * module-level rule `cycle-between-packages` misses a cycle whose files do not close a loop (a.x → b, b.y → a,
 * nothing of b reaching a.x); the packages' own graph does not.
 *
 * @example
 * packageCycles(new Map([["a", new Set(["b"])], ["b", new Set(["a"])]])) // [["a", "b"]]
 */
export const packageCycles = (graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] => {
  const cycles: string[][] = [];
  // Each simple cycle is found once, from its smallest package: the walk from `start` only enters larger ones.
  const walk = (start: string, path: ReadonlyArray<string>): void => {
    for (const next of graph.get(path[path.length - 1] as string) ?? []) {
      if (next === start) cycles.push([...path]);
      else if (next > start && !path.includes(next)) walk(start, [...path, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, [start]);
  return cycles;
};
