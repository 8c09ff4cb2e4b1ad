#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { VERSION } from './compose/context.js';
import { ConfigError, ENVIRONMENT_VARIABLES, loadConfig } from './config.js';
import { main } from './main.js';

/** Each flag and the variable it sets: errors about the variable name the flag the user typed. */
const FLAGS = { port: 'PORT', source: 'MARKET_SOURCE', host: 'HOST' } as const;

const usage = `Usage: cbmo4ers-server [--port N] [--source simulated|coinbase] [--host ADDR] [--version] [--help]`;

const help = `${usage}

Every other setting is an environment variable (defaults and meanings: the README's "Server configuration"):
${wrap(ENVIRONMENT_VARIABLES.join(', '), 100)}`;

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = ' ';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${word}`;
  }
  return [...lines, line].join('\n');
}

/** A configuration error about a variable that a flag set, told in terms of the flag. */
function inTermsOfFlags(message: string, given: { [F in keyof typeof FLAGS]?: string | undefined }): string {
  let told = message;
  for (const [flag, variable] of Object.entries(FLAGS)) {
    if (given[flag as keyof typeof FLAGS] !== undefined)
      told = told.replace(`Invalid ${variable} `, `Invalid --${flag} `);
  }
  return told;
}

let given: { [F in keyof typeof FLAGS]?: string | undefined } = {};
try {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      source: { type: 'string', short: 's' },
      host: { type: 'string' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    process.exit(0);
  }
  if (values.version) {
    process.stdout.write(`cbmo4ers-server ${VERSION}\n`);
    process.exit(0);
  }
  given = { port: values.port, source: values.source, host: values.host };
  const env = { ...process.env };
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = given[flag as keyof typeof FLAGS];
    if (value !== undefined) env[variable] = value;
  }
  // Checked here first, so that a bad flag is reported as the flag (main reports variables).
  loadConfig(env);
  await main(env);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const told = inTermsOfFlags(message, given);
  // A bad variable is one line, as main reports it; a bad flag or argument also shows the usage.
  const aboutVariable = error instanceof ConfigError && told === message;
  process.stderr.write(`cbmo4ers-server: ${told}\n${aboutVariable ? '' : `${usage}\n`}`);
  process.exit(2);
}
