import { MODEL_PACKS } from '@cip/segmentation-domain';

export const INSTALL_PACKS_USAGE = `usage: install-packs [--activate] [--all | <pack> ...]
  Installs built-in model packs as ordinary segment definitions (drafts unless --activate).
  Packs: ${Object.keys(MODEL_PACKS).join(', ')}`;

export type InstallPacksCommand =
  | { kind: 'install'; packs: string[]; activate: boolean }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export function parseInstallPacksArgs(args: readonly string[]): InstallPacksCommand {
  if (args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  const activate = args.includes('--activate');
  const all = args.includes('--all');
  const named = args.filter((a) => !a.startsWith('--'));
  const unknownFlag = args.find((a) => a.startsWith('--') && a !== '--activate' && a !== '--all');
  if (unknownFlag) return { kind: 'error', message: `unknown option ${unknownFlag}` };
  if (all && named.length > 0)
    return { kind: 'error', message: 'give --all or pack names, not both' };
  if (!all && named.length === 0) return { kind: 'error', message: 'no pack named' };
  const unknown = named.find((p) => !Object.hasOwn(MODEL_PACKS, p));
  if (unknown) return { kind: 'error', message: `no model pack ${unknown}` };
  return { kind: 'install', packs: all ? Object.keys(MODEL_PACKS) : named, activate };
}
