/**
 * Error codes of agent departures: an invalid request is a 400, an unknown departure a 404, and a
 * second request for the same agent and leaving time with other details a 409 (the first one is
 * already calling the customers; changing it would make the two disagree).
 */
export type AgentDepartureErrorCode =
  'INVALID_AGENT_DEPARTURE' | 'AGENT_DEPARTURE_NOT_FOUND' | 'AGENT_DEPARTURE_CONFLICT';
