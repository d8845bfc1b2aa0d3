import type { ChainableCommander, Redis } from 'ioredis';
import { StateError } from './state-error';

export type ScriptArg = string | number | Buffer;

export interface LuaScriptSpec<TResult> {
  /** Becomes a command on the client: camelCase, and must not shadow a Redis command. */
  name: string;
  /** How many of the leading arguments are keys (KEYS[1..n]); the rest are ARGV. */
  numberOfKeys: number;
  lua: string;
  /** Turns the raw reply into the typed result (validate here: Lua replies are untyped). */
  parseReply: (reply: unknown) => TResult;
}

export interface LuaScript<TResult> {
  readonly name: string;
  /** EVALSHA; ioredis falls back to EVAL once when the server answers NOSCRIPT. */
  run(keys: readonly string[], args?: readonly ScriptArg[]): Promise<TResult>;
  /**
   * Queues one call on a pipeline or multi created from the same client (batching many
   * customers in one round trip); decode its slot of `exec()`'s reply with `parseReply`.
   */
  queue(pipeline: ChainableCommander, keys: readonly string[], args?: readonly ScriptArg[]): void;
  parseReply(reply: unknown): TResult;
}

type DynamicCommand = (...args: ScriptArg[]) => Promise<unknown>;

const SCRIPT_NAME = /^[a-z][A-Za-z0-9]{2,63}$/;
const registered = new WeakMap<Redis, Map<string, string>>();

/** Checks a spec once, where it is declared, so a bad script fails at import rather than first use. */
export function defineLuaScript<TResult>(spec: LuaScriptSpec<TResult>): LuaScriptSpec<TResult> {
  if (!SCRIPT_NAME.test(spec.name)) {
    throw new StateError(
      'INVALID_SCRIPT',
      `script name "${spec.name}" must match ${SCRIPT_NAME.source}`,
    );
  }
  if (!Number.isInteger(spec.numberOfKeys) || spec.numberOfKeys < 0) {
    throw new StateError(
      'INVALID_SCRIPT',
      `script ${spec.name}: numberOfKeys must be a non-negative integer`,
    );
  }
  if (spec.lua.trim().length === 0)
    throw new StateError('INVALID_SCRIPT', `script ${spec.name}: empty Lua`);
  return spec;
}

/**
 * Defines the script on the client (`defineCommand`, EVALSHA under the hood, also on pipelines
 * created afterwards) and returns a typed handle. Registering the same spec twice is a no-op;
 * a different script under a taken name is an error.
 */
export function registerLuaScript<TResult>(
  client: Redis,
  spec: LuaScriptSpec<TResult>,
): LuaScript<TResult> {
  defineLuaScript(spec);
  let scripts = registered.get(client);
  if (!scripts) {
    scripts = new Map();
    registered.set(client, scripts);
  }
  const existing = scripts.get(spec.name);
  if (existing !== undefined && existing !== spec.lua) {
    throw new StateError(
      'INVALID_SCRIPT',
      `another script is already registered as "${spec.name}"`,
    );
  }
  if (existing === undefined) {
    if (spec.name in client) {
      throw new StateError(
        'INVALID_SCRIPT',
        `script name "${spec.name}" shadows an existing client command`,
      );
    }
    client.defineCommand(spec.name, { numberOfKeys: spec.numberOfKeys, lua: spec.lua });
    scripts.set(spec.name, spec.lua);
  }

  const argsFor = (keys: readonly string[], args: readonly ScriptArg[]): ScriptArg[] => {
    if (keys.length !== spec.numberOfKeys) {
      throw new StateError(
        'INVALID_SCRIPT',
        `script ${spec.name} takes ${spec.numberOfKeys} keys, got ${keys.length}`,
      );
    }
    return [...keys, ...args];
  };
  const commandOf = (target: object): DynamicCommand => {
    const command = (target as Record<string, unknown>)[spec.name];
    if (typeof command !== 'function') {
      throw new StateError(
        'INVALID_SCRIPT',
        `script ${spec.name} is not defined on this client or pipeline`,
      );
    }
    return (command as DynamicCommand).bind(target);
  };

  return {
    name: spec.name,
    async run(keys, args = []) {
      return spec.parseReply(await commandOf(client)(...argsFor(keys, args)));
    },
    queue(pipeline, keys, args = []) {
      void commandOf(pipeline)(...argsFor(keys, args));
    },
    parseReply: spec.parseReply,
  };
}
