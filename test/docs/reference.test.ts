/**
 * docs/reference.md is the one reference: its generated sections (commands, fields, library API)
 * are what `npm run docs` writes from the code today, its metric table names every metric a run
 * reports (and nothing a run does not), and its exit-code table is the CLI's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { loadScenarioInputs, loadScheduler, runScenario } from '../../src/model/index.js';
import { REFERENCE, updateReference } from '../../scripts/reference.js';

const text = readFileSync(REFERENCE, 'utf8');

function section(title: string): string {
  const start = text.indexOf(`## ${title}\n`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The metric names a table cell documents, as patterns: `pool.<p>.x` any pool, `{a,b}` each of a, b. */
function documentedPatterns(): RegExp[] {
  const names = [...section('Metrics').matchAll(/^\| (`[^|]+) \|/gm)].flatMap((m) => [...(m[1] as string).matchAll(/`([^`]+)`/g)].map((n) => n[1] as string));
  return names.flatMap((name) => {
    const brace = /\{([^}]+)\}/.exec(name);
    const expanded = brace ? (brace[1] as string).split(',').map((alt) => name.replace(brace[0], alt)) : [name];
    return expanded.map((n) => new RegExp(`^${n.replace(/\./g, '\\.').replace(/<\w+>/g, '[^.]+')}$`));
  });
}

describe('docs/reference.md', () => {
  it('holds what npm run docs generates from the code now (commands, fields, library API)', () => {
    expect(updateReference(text) === text, 'docs/reference.md is stale: run npm run docs').toBe(true);
  });

  it('lists every metric runs of the shipped experiments report, and none they do not', async () => {
    const reported = new Set<string>();
    for (const file of ['baseline.yaml', 'model-quality.yaml', 'policy-sweep.yaml', 'philly-replay.yaml', 'philly-cluster.yaml', 'gpu-placement.yaml', 'failures.yaml']) {
      const experiment = await loadExperiment(path.join('experiments', file), { set: [['horizon', '2d'], ['warmup', '1d']] });
      for (const { scenario } of experiment.scenarios.slice(0, 1)) {
        const scheduler = await loadScheduler(scenario.policy.scheduler, experiment.baseDir);
        const { metrics } = runScenario(scenario, scheduler, experiment.seed, 0, {}, await loadScenarioInputs(scenario));
        for (const name of Object.keys(metrics)) reported.add(name);
      }
    }
    const patterns = documentedPatterns();
    const undocumented = [...reported].filter((m) => !patterns.some((p) => p.test(m)));
    expect(undocumented, 'metrics a run reports that the reference does not list').toEqual([]);
    const unused = patterns.filter((p) => ![...reported].some((m) => p.test(m))).map(String);
    expect(unused, 'metrics the reference lists that no run reports').toEqual([]);
  }, 60_000);

  it('has the CLI\'s exit codes, each once', () => {
    const codes = [...section('Exit codes').matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(Object.values(EXIT));
  });
});

describe('docs/images', () => {
  it('holds only PNGs under 300 KB, each shown by a page of the docs or the README', () => {
    const pages = [readFileSync('README.md', 'utf8'), ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join('docs', f), 'utf8'))].join('\n');
    for (const image of readdirSync('docs/images')) {
      expect(image, image).toMatch(/\.png$/);
      expect(statSync(path.join('docs/images', image)).size, image).toBeLessThan(300 * 1024);
      expect(pages, image).toContain(`images/${image}`);
    }
  });
});
