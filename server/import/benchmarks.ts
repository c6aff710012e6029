import type { benchmarkCategories, benchmarkUnits } from '../../db/schema/index.ts';

export interface BenchmarkDefinition {
  slug: string;
  name: string;
  category: (typeof benchmarkCategories)[number];
  description: string;
  unit: (typeof benchmarkUnits)[number];
  scaleMin: number;
  scaleMax: number;
  higherIsBetter: boolean;
  homepage: string | null;
}

/** "SWE-Bench Pro", "SWE Bench Pro" → "swe-bench-pro"; "Terminal-Bench 2.1" → "terminal-bench-2-1". */
export function normaliseBenchmarkName(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Spellings that normalisation alone does not merge, mapped to the benchmark's slug. */
export const benchmarkAliases: Record<string, string> = {
  gpqa: 'gpqa-diamond',
  'gpqa-diamond-no-tools': 'gpqa-diamond',
  'swe-bench-verified-resolved': 'swe-bench-verified',
  swebench: 'swe-bench-verified',
  'swe-bench': 'swe-bench-verified',
  'aider-polyglot-benchmark': 'aider-polyglot',
  aider: 'aider-polyglot',
  'terminal-bench-2': 'terminal-bench-2-0',
  'tbench-2-0': 'terminal-bench-2-0',
  'terminal-bench-v2-1': 'terminal-bench-2-1',
  'aa-coding-index': 'artificial-analysis-coding-index',
  'swe-atlas-qna': 'swe-atlas-codebase-qna',
  'claw-eval-bench': 'claw-eval',
};

/** The slug a benchmark name from a source is filed under. */
export function benchmarkSlug(name: string): string {
  const normalised = normaliseBenchmarkName(name);
  // An own key only: a name like "constructor" must not find Object.prototype's members.
  return Object.hasOwn(benchmarkAliases, normalised) ? benchmarkAliases[normalised]! : normalised;
}

const percent = { unit: 'PERCENT', scaleMin: 0, scaleMax: 100, higherIsBetter: true } as const;

/** Benchmarks the catalog knows, with honest one-line descriptions; unknown names get defaults. */
export const knownBenchmarks: BenchmarkDefinition[] = [
  {
    slug: 'gpqa-diamond',
    name: 'GPQA Diamond',
    category: 'REASONING',
    description:
      '198 graduate-level multiple-choice questions in biology, physics and chemistry, written and validated by domain experts to be Google-proof.',
    ...percent,
    homepage: 'https://github.com/idavidrein/gpqa',
  },
  {
    slug: 'swe-bench-verified',
    name: 'SWE-bench Verified',
    category: 'CODING',
    description: '500 real GitHub issues from Python repositories, checked by engineers to be solvable; a fix counts when the hidden tests pass.',
    ...percent,
    homepage: 'https://www.swebench.com',
  },
  {
    slug: 'swe-bench-pro',
    name: 'SWE-Bench Pro',
    category: 'CODING',
    description: 'Long-horizon software engineering tasks from real repositories, harder and less contaminated than SWE-bench Verified.',
    ...percent,
    homepage: 'https://labs.scale.com/leaderboard/swe_bench_pro_public',
  },
  {
    slug: 'swe-bench-multilingual',
    name: 'SWE-bench Multilingual',
    category: 'CODING',
    description: 'SWE-bench-style issue resolution across repositories in nine programming languages.',
    ...percent,
    homepage: 'https://www.swebench.com/multilingual.html',
  },
  {
    slug: 'aider-polyglot',
    name: 'Aider Polyglot',
    category: 'CODING',
    description: "225 hard Exercism exercises in C++, Go, Java, JavaScript, Python and Rust, solved through aider's edit formats.",
    ...percent,
    homepage: 'https://aider.chat/docs/leaderboards/',
  },
  {
    slug: 'swe-atlas-codebase-qna',
    name: 'SWE-Atlas Codebase QnA',
    category: 'CODING',
    description: 'Questions about large real codebases that require exploring and understanding the code to answer.',
    ...percent,
    homepage: 'https://labs.scale.com/leaderboard/sweatlas-qna',
  },
  {
    slug: 'swe-atlas-test-writing',
    name: 'SWE-Atlas Test Writing',
    category: 'CODING',
    description: 'Writing tests for real codebases, scored on whether they catch faults.',
    ...percent,
    homepage: 'https://labs.scale.com/leaderboard/sweatlas-tw',
  },
  {
    slug: 'swe-atlas-refactoring',
    name: 'SWE-Atlas Refactoring',
    category: 'CODING',
    description: 'Refactoring tasks in real codebases, scored on preserved behaviour and the requested change.',
    ...percent,
    homepage: 'https://labs.scale.com/leaderboard/sweatlas-refactoring',
  },
  {
    slug: 'artificial-analysis-coding-index',
    name: 'Artificial Analysis Coding Index',
    category: 'COMPOSITE',
    description: "Artificial Analysis's composite of coding evaluations (such as LiveCodeBench and SciCode), on a 0–100 scale.",
    unit: 'INDEX',
    scaleMin: 0,
    scaleMax: 100,
    higherIsBetter: true,
    homepage: 'https://artificialanalysis.ai',
  },
  {
    slug: 'artificial-analysis-coding-agent-index',
    name: 'Artificial Analysis Coding Agent Index',
    category: 'AGENTIC',
    description: 'Average pass@1 of coding agents (model plus harness) across agentic software tasks, by Artificial Analysis.',
    unit: 'INDEX',
    scaleMin: 0,
    scaleMax: 100,
    higherIsBetter: true,
    homepage: 'https://artificialanalysis.ai/agents/coding-agents',
  },
  {
    slug: 'scicode',
    name: 'SciCode',
    category: 'CODING',
    description: 'Scientific research coding problems from physics, chemistry, biology and mathematics, broken into subproblems.',
    ...percent,
    homepage: 'https://scicode-bench.github.io',
  },
  {
    slug: 'terminal-bench',
    name: 'Terminal-Bench',
    category: 'AGENTIC',
    description: 'Tasks completed by an agent in a real terminal: building, debugging, system administration.',
    ...percent,
    homepage: 'https://www.tbench.ai',
  },
  {
    slug: 'terminal-bench-hard',
    name: 'Terminal-Bench Hard',
    category: 'AGENTIC',
    description: 'The hardest subset of Terminal-Bench tasks, as run by Artificial Analysis.',
    ...percent,
    homepage: 'https://artificialanalysis.ai',
  },
  {
    slug: 'terminal-bench-2-0',
    name: 'Terminal-Bench 2.0',
    category: 'AGENTIC',
    description: 'Version 2.0 of Terminal-Bench: harder, verified terminal tasks for agents.',
    ...percent,
    homepage: 'https://www.tbench.ai',
  },
  {
    slug: 'terminal-bench-2-1',
    name: 'Terminal-Bench 2.1',
    category: 'AGENTIC',
    description: 'Version 2.1 of Terminal-Bench terminal tasks for agents.',
    ...percent,
    homepage: 'https://www.tbench.ai',
  },
  {
    slug: 'nl2repo',
    name: 'NL2Repo',
    category: 'CODING',
    description: 'Generating a whole working repository from a natural-language specification.',
    ...percent,
    homepage: null,
  },
  {
    slug: 'claw-eval',
    name: 'Claw-eval',
    category: 'AGENTIC',
    description: 'Agentic tasks completed through tool use, scored as the share of tasks passed.',
    ...percent,
    homepage: null,
  },
];

/** A definition for a benchmark name no table knows: percentages are 0–100, category OTHER. */
export function defaultBenchmark(name: string): BenchmarkDefinition {
  return {
    slug: benchmarkSlug(name),
    name,
    category: 'OTHER',
    description: `${name}, as reported by its source.`,
    ...percent,
    homepage: null,
  };
}
