// Provided · what a keeper sends over the network: adverts to the other keeper, announcements
// to the network, and the checks on an advert that arrives. Every call has a deadline, and a
// peer or network that fails or does not answer in time is reported as null, never thrown.
// Lesson: README.md, section "T7 · A floating address".

export type KeeperRole = 'master' | 'backup';

/** What a master tells the other keeper every ADVERT_INTERVAL_MS (POST /keeper/advert). */
export interface Advert {
  epoch: number;
  /** The balancer of the keeper that sends it (its BALANCER): who owns the address. */
  balancer: string;
}

/** The other keeper's answer: whether it accepts the sender as master, and its own state. */
export interface AdvertAnswer {
  accepted: boolean;
  role: KeeperRole;
  epoch: number;
}

/** The network's answer to POST /network/announce (200 accepted, 409 refused). */
export interface AnnounceAnswer {
  accepted: boolean;
  /** Who owns the address now, and in which epoch: on a refusal, the newer owner. */
  owner: string | null;
  epoch: number;
}

export const MAX_EPOCH = 999_999_999_999_999;

/** An advert's body, checked: the Advert, or what is wrong with it (sent back with 400). */
export function parseAdvert(body: unknown): Advert | string {
  const usage = 'expected {"epoch": <whole number from 1>, "balancer": "http://127.0.0.1:<port>"}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return usage;
  const { epoch, balancer } = body as Record<string, unknown>;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1 || epoch > MAX_EPOCH) return `"epoch" must be a whole number from 1 to ${MAX_EPOCH}; ${usage}`;
  if (typeof balancer !== 'string' || balancer.length > 100 || !/^http:\/\/127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d{1,5}$/.test(balancer)) {
    return `"balancer" must be a loopback origin like http://127.0.0.1:8001; ${usage}`;
  }
  return { epoch, balancer };
}

function isAnswer(value: unknown): value is { accepted: boolean; epoch: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { accepted, epoch } = value as Record<string, unknown>;
  return typeof accepted === 'boolean' && typeof epoch === 'number' && Number.isSafeInteger(epoch) && epoch >= 0;
}

async function postJson(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    return await res.json();
  } catch {
    return null;
  }
}

export class HttpKeeperLinks {
  constructor(
    private readonly peer: string,
    private readonly network: string,
    private readonly balancer: string,
    /** Adverts are given one interval to arrive: a later answer is as good as none. */
    private readonly advertTimeoutMs: number,
    private readonly announceTimeoutMs: number,
  ) {}

  /** POST PEER/keeper/advert; null when the peer does not answer in time or answers nonsense. */
  async advertise(advert: Omit<Advert, 'balancer'>): Promise<AdvertAnswer | null> {
    const answer = await postJson(`${this.peer}/keeper/advert`, { epoch: advert.epoch, balancer: this.balancer }, this.advertTimeoutMs);
    if (!isAnswer(answer)) return null;
    const role = (answer as { role?: unknown }).role;
    return { accepted: answer.accepted, role: role === 'master' ? 'master' : 'backup', epoch: answer.epoch };
  }

  /** POST NETWORK/network/announce with this keeper's BALANCER as the owner, in `epoch`. */
  async announce(epoch: number): Promise<AnnounceAnswer | null> {
    const answer = await postJson(`${this.network}/network/announce`, { owner: this.balancer, epoch }, this.announceTimeoutMs);
    if (!isAnswer(answer)) return null;
    const owner = (answer as { owner?: unknown }).owner;
    return { accepted: answer.accepted, owner: typeof owner === 'string' ? owner : null, epoch: answer.epoch };
  }
}
