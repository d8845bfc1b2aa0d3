import type { PreferredChannel } from '../config/simulation-config.schema';

/** Where a customer who prefers a channel files a complaint or answers a survey. */
export function contactChannelFor(preferred: PreferredChannel) {
  return (
    {
      sms: 'phone',
      email: 'email',
      push: 'app',
      phone: 'phone',
      app: 'app',
      branch: 'branch',
    } as const
  )[preferred];
}

/** The marketing channel that reaches them (phone and branch lovers still read e-mail). */
export function messageChannelFor(preferred: PreferredChannel) {
  return (
    {
      sms: 'sms',
      email: 'email',
      push: 'push',
      phone: 'sms',
      app: 'push',
      branch: 'email',
    } as const
  )[preferred];
}

/** Where they shop or look at their account. */
export function visitChannelFor(preferred: PreferredChannel) {
  return (
    { sms: 'web', email: 'web', push: 'app', phone: 'web', app: 'app', branch: 'store' } as const
  )[preferred];
}
