// How every `earshot` command is declared and run: its arguments, options and help text are written once, and
// Node's util.parseArgs (strict) reads the command line. So each command answers --help/-h without doing anything
// else, and a command line it cannot read is refused with one line (the problem and the usage) and exit code 2,
// as POSIX tools do. Problems with what a well-formed command asks for (a file that is missing, a week that does
// not exist) stay AppErrors: exit code 1.
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What it does, for --help. */
  help: string;
  /** How its value is shown in the usage (string options), e.g. FILE or csv|jsonl; VALUE by default. */
  value?: string;
  /** Repeatable; the command gets an array, empty when the option is absent. */
  multiple?: boolean;
  required?: boolean;
  default?: string | boolean;
}
export type OptionSpecs = Record<string, OptionSpec>;

type OneValue<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : string;
/** The options as the command gets them: required or defaulted ones are always there. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends { multiple: true }
    ? OneValue<O[K]>[]
    : O[K] extends { required: true } | { default: string | boolean }
      ? OneValue<O[K]>
      : OneValue<O[K]> | undefined;
};

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** Its name after `earshot` (and its family's name); `cases|actions` accepts either and tells `run` which. */
  name: string;
  /** Other spellings accepted but not listed. */
  aliases?: string[];
  /** Its positional arguments as the usage shows them: FILE (required), [FILE] (optional), [TEXT...] (any number). */
  args?: string;
  /** The usage after the name, where options combine in a way the declarations cannot say (one of two). */
  usage?: string;
  /** What it does, for `earshot --help` and its own --help. */
  summary: string;
  options?: O;
  run(input: { values: OptionValues<O>; positionals: string[]; name: string }): Promise<void> | void;
}

/** Commands under one name: `earshot user create`, `earshot user list`… */
export interface Family {
  name: string;
  summary: string;
  commands: Entry[];
  /** Printed after the list of commands in the family's --help. */
  footer?: string;
}
// Commands differ in their options' types (any here); `command()` checks each one where it is written.
type Entry = Command<any> | Family;

/** Declares a command; the options' types flow into `run`. */
export function command<const O extends OptionSpecs = Record<never, OptionSpec>>(spec: Command<O>): Command<O> {
  return spec;
}

/** A command line the command cannot read; the dispatcher adds the usage of the command it concerns. */
export class UsageError extends Error {
  usage?: string;
}

const isFamily = (e: Entry): e is Family => 'commands' in e;
const namesOf = (e: Entry) => [...e.name.split('|'), ...(isFamily(e) ? [] : (e.aliases ?? []))];
const HELP = new Set(['--help', '-h']);
const WIDTH = 118;
const COLUMN = 29;

/** Runs `earshot` with these arguments and sets the exit code: 0 done, 1 failed, 2 not understood. */
export async function runProgram(program: Family, argv: string[]): Promise<void> {
  try {
    await dispatch(program, argv, []);
  } catch (err) {
    process.exitCode = err instanceof UsageError ? 2 : 1;
    if (err instanceof UsageError) console.error(`error: ${err.message}${err.usage ? `; usage: ${err.usage}` : ''}`);
    else console.error(err instanceof AppError ? `error: ${err.message}` : err);
  }
}

async function dispatch(family: Family, argv: string[], path: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const atTop = path.length === 0;
  // `earshot` alone shows the help, as it always has; a family alone (`earshot user`) lacks its command.
  if ((first === undefined && atTop) || (first !== undefined && (HELP.has(first) || (atTop && first === 'help')))) {
    return console.log(familyHelp(family, path));
  }
  const entry = first === undefined ? undefined : family.commands.find((e) => namesOf(e).includes(first));
  if (!entry) {
    const problem = first === undefined ? 'missing command' : first.startsWith('-') ? `Unknown option '${first}'` : `unknown command "${[...path, first].join(' ')}"`;
    throw withUsage(new UsageError(problem), familyUsage(family, path), path);
  }
  if (isFamily(entry)) return dispatch(entry, rest, [...path, entry.name]);
  // The name as typed, so `import cases|actions` knows which; an alias stands for the command's first name.
  const name = entry.name.split('|').includes(first!) ? first! : entry.name.split('|')[0]!;
  const shown = [...path, entry.name];
  if (asksForHelp(rest)) return console.log(commandHelp(entry, shown));
  try {
    await entry.run({ ...parse(entry, rest), name });
  } catch (err) {
    if (err instanceof UsageError) throw withUsage(err, synopsis(entry, shown, false), [...path, name]);
    throw err;
  }
}

function withUsage(err: UsageError, usage: string, path: string[]): UsageError {
  err.usage ??= `${usage}; more: ${['earshot', ...path].join(' ')} --help`;
  return err;
}

/** --help or -h anywhere before a `--` (after which everything is an argument, e.g. a text to analyse). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => HELP.has(a));
}

type ParsedValue = string | boolean | (string | boolean)[] | undefined;

function parse(cmd: Command, args: string[]): { values: Record<string, ParsedValue>; positionals: string[] } {
  const specs = cmd.options ?? {};
  let parsed;
  try {
    const options = Object.fromEntries(
      Object.entries(specs).map(([name, o]) => [name, { type: o.type, multiple: !!o.multiple, ...(o.default === undefined ? {} : { default: o.default }) }]),
    );
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    // Node's first sentence names the problem ("Unknown option '--bogus'"); its hints would take more lines.
    if (String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message.split(/\.\s/)[0]);
    throw err;
  }
  const values: Record<string, ParsedValue> = { ...parsed.values };
  for (const [name, o] of Object.entries(specs)) {
    if (o.multiple) values[name] ??= [];
    if (o.required && values[name] === undefined) throw new UsageError(`missing ${optionUsage(name, o)}`);
  }
  const shape = positionalShape(cmd.args);
  const given = parsed.positionals;
  if (given.length < shape.required.length) throw new UsageError(`missing ${shape.required[given.length]}`);
  if (given.length > shape.max) throw new UsageError(`unexpected argument '${given[shape.max]}'`);
  return { values, positionals: given };
}

/** `FILE [OUT] [TEXT...]`: the names of the required ones, and how many may be given. */
function positionalShape(args = '') {
  const words = args.split(' ').filter(Boolean);
  return {
    required: words.filter((w) => !w.startsWith('[')),
    max: words.some((w) => w.endsWith('...') || w.endsWith('...]')) ? Infinity : words.length,
  };
}

const optionUsage = (name: string, o: OptionSpec) => (o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? 'VALUE'}`);

/** `import mentions FILE --source NAME [--map …]` (full) or `… FILE --source NAME [options]` (short). */
function synopsis(cmd: Command, path: string[], full: boolean): string {
  const head = ['earshot', ...path].join(' ');
  if (cmd.usage) return `${head} ${cmd.usage}`;
  const options = Object.entries(cmd.options ?? {});
  const required = options.filter(([, o]) => o.required).map(([n, o]) => optionUsage(n, o));
  const optional = options.filter(([, o]) => !o.required).map(([n, o]) => `[${optionUsage(n, o)}]${o.multiple ? '...' : ''}`);
  const rest = full ? optional : optional.length ? ['[options]'] : [];
  return [head, cmd.args, ...required, ...rest].filter(Boolean).join(' ');
}

function familyUsage(family: Family, path: string[]): string {
  return `${['earshot', ...path].join(' ')} ${path.length ? family.commands.map((e) => e.name).join('|') : '<command>'} [options]`;
}

/** A family's help: every command under it, families opened, each with its full usage and what it does. */
function familyHelp(family: Family, path: string[]): string {
  const lines: string[] = [];
  const list = (entries: Entry[], at: string[]) => {
    for (const e of entries) {
      if (isFamily(e)) list(e.commands, [...at, e.name]);
      else {
        // The full usage, unless it would not fit on a line: then its options are left to the command's --help.
        const full = synopsis(e, [...at, e.name], true);
        lines.push(listed((full.length > WIDTH - 2 ? synopsis(e, [...at, e.name], false) : full).replace(/^earshot /, ''), e.summary));
      }
    }
  };
  list(family.commands, path);
  const self = ['earshot', ...path].join(' ');
  return [
    family.summary,
    '',
    `Usage: ${familyUsage(family, path)}`,
    '',
    'Commands:',
    ...lines,
    '',
    `${self} <command> --help shows a command's options.`,
    ...(family.footer ? ['', family.footer] : []),
  ].join('\n');
}

function commandHelp(cmd: Command, path: string[]): string {
  const rows = Object.entries(cmd.options ?? {}).map(([name, o]) => {
    const notes = [o.required ? 'required' : '', o.multiple ? 'may be repeated' : '', o.default !== undefined && o.type === 'string' ? `default: ${o.default}` : '']
      .filter(Boolean)
      .join('; ');
    return [optionUsage(name, o), notes ? `${o.help} (${notes})` : o.help] as const;
  });
  rows.push(['-h, --help', 'show this help and do nothing else']);
  return [`Usage: ${synopsis(cmd, path, true)}`, '', wrap(cmd.summary, 0), '', 'Options:', ...rows.map(([l, h]) => listed(l, h))].join('\n');
}

/** One entry of a list: the name padded to a column, or alone on its line when longer, then the wrapped text. */
function listed(label: string, text: string): string {
  const body = wrap(text, COLUMN).trimStart();
  return label.length < COLUMN - 2 ? `  ${label.padEnd(COLUMN - 2)}${body}` : `  ${label}\n${' '.repeat(COLUMN)}${body}`;
}

function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}
