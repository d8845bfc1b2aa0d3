import type { CustomerProfile } from '@cip/contracts';
import type { PreferredChannel } from '../config/simulation-config.schema';
import type { CustomerTraits } from '../population/customer-traits';

/** The profile's contact channels differ from where customers like to interact. */
const PROFILE_CHANNEL = {
  sms: 'sms',
  email: 'email',
  push: 'push',
  phone: 'phone',
  app: 'in-app',
  branch: 'mail',
} as const satisfies Record<PreferredChannel, string>;

/**
 * What the company's customer file knows: kind, demographics or firmographics and the preferred
 * channel. Never the hidden traits (satisfaction, churn propensity...), which the platform infers.
 */
export function customerProfileOf(traits: CustomerTraits): CustomerProfile {
  const preferences = { channel: PROFILE_CHANNEL[traits.channelPreference] };
  if (traits.kind === 'organisation') {
    return {
      kind: 'organisation',
      firmographics: { industry: traits.industry, employeeCount: traits.employeeCount },
      preferences,
    };
  }
  return {
    kind: 'person',
    demographics: {
      birthDate: traits.birthDate,
      gender: traits.gender,
      householdSize: traits.householdSize,
    },
    preferences,
  };
}
