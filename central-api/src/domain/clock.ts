/** The server's clock. Injected so tests can move time (skew, token expiry) without sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
