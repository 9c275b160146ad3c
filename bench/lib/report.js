'use strict';
/**
 * Result rows (tool, task, seconds, MB/s, peak RSS, verified, load), target
 * checks, the stdout table and the dated section appended to bench/README.md.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { BENCH, ROOT, load } = require('./child');

class Report {
  constructor(title) {
    this.title = title;
    this.rows = [];
    this.checks = [];
    this.notes = [];
    this.failures = [];
    this.sections = [];
  }

  /** A suite's own markdown (e.g. a table of other columns), printed after the rows. */
  section(markdown) {
    this.sections.push(markdown);
  }

  /**
   * Runs `fn` `repeat` times (each a fresh child process) and keeps the fastest;
   * the 1-minute load average before the first and after the last run is kept
   * next to the figure, because the machine is shared.
   */
  async measure(tool, task, fn, { repeat = 1, bytes = 0 } = {}) {
    const loadBefore = load();
    const runs = [];
    try {
      for (let i = 0; i < repeat; i++) runs.push(await fn(i));
    } catch (err) {
      this.failures.push({ tool, task, error: String(err.message || err) });
      this.rows.push({ tool, task, seconds: NaN, mbps: NaN, rssMiB: NaN, verified: 'FAILED', load: `${loadBefore}`, note: firstLine(err) });
      process.stderr.write(`  ${tool} / ${task}: FAILED ${firstLine(err)}\n`);
      return null;
    }
    const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const row = {
      tool, task,
      seconds: best.seconds,
      mbps: bytes ? bytes / 1e6 / best.seconds : NaN,
      rssMiB: Math.max(...runs.map((r) => r.rssMiB || 0)),
      verified: 'pending',
      load: `${loadBefore}→${load()}`,
      note: runs.length > 1 ? `runs: ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s` : '',
      result: best,
    };
    this.rows.push(row);
    process.stderr.write(`  ${tool} / ${task}: ${best.seconds.toFixed(3)} s (load ${row.load})\n`);
    return row;
  }

  /** Marks a row verified (true), not (false, with why), or not applicable. */
  verify(row, ok, detail = '') {
    if (!row) return;
    row.verified = ok === null ? 'n/a' : ok ? 'yes' : 'NO';
    if (detail) row.note = row.note ? `${row.note}; ${detail}` : detail;
  }

  /** A target from the issue, e.g. "ours ≥ 3× faster than dask". */
  check(name, value, target, pass, detail = '') {
    this.checks.push({ name, value, target, pass, detail });
  }

  note(text) {
    this.notes.push(text);
  }

  table() {
    const head = ['tool', 'task', 'seconds', 'MB/s', 'peak RSS MiB', 'verified', 'load 1m', 'note'];
    const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
    for (const r of this.rows) {
      lines.push(`| ${[r.tool, r.task, fmt(r.seconds, 3), fmt(r.mbps, 0), fmt(r.rssMiB, 0), r.verified, r.load, r.note].join(' | ')} |`);
    }
    return lines.join('\n');
  }

  checksText() {
    return this.checks.map((c) => `- ${c.pass ? 'PASS' : 'MISS'} ${c.name}: ${c.value} (target ${c.target})${c.detail ? ` — ${c.detail}` : ''}`).join('\n');
  }

  markdown(cmdline) {
    const parts = [`### ${this.title} — ${stamp()}`, '', machine(), `Command: \`${cmdline}\``, ''];
    if (this.rows.length) parts.push(this.table(), '');
    for (const s of this.sections) parts.push(s, '');
    if (this.checks.length) parts.push('Targets:', '', this.checksText(), '');
    if (this.failures.length) {
      parts.push('Failures:', '');
      for (const f of this.failures) parts.push(`- ${f.tool} / ${f.task}: \`${f.error.replace(/\s+/g, ' ').slice(0, 400)}\``);
      parts.push('');
    }
    if (this.notes.length) parts.push(...this.notes.map((n) => `- ${n}`), '');
    return parts.join('\n');
  }
}

function firstLine(err) {
  return String(err.message || err).split('\n').slice(0, 2).join(' ').slice(0, 200);
}

function fmt(x, digits) {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

function stamp() {
  return new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function machine() {
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch { /* not a git checkout */ }
  const cpu = os.cpus();
  return `Machine: ${cpu.length} × ${cpu[0] ? cpu[0].model : '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, commit ${commit}. ` +
    'Seconds: best of the runs listed, each in a fresh process, from opening the input to the last byte written (imports excluded); ' +
    'MB/s: uncompressed array bytes (10^6) / seconds; peak RSS: the process maximum (getrusage); load: 1-minute load average before→after.\n';
}

function appendReadme(markdown) {
  const file = path.join(BENCH, 'README.md');
  fs.appendFileSync(file, `\n${markdown}\n`);
}

module.exports = { Report, appendReadme };
