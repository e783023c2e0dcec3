// Provided · the one message monitors send each other (T6), over HTTP:
//
//   POST <monitor>/monitor/vote  {"epoch": n, "candidate": "<MONITOR_ID>", "leader": "<origin>" | null}
//   200 {"granted": true | false, "epoch": n, "reason": "..."}
//
// A candidate asks for a vote to run the promotion of epoch n in place of `leader` (the leader it
// lost; null if it never knew one). "epoch" in the answer is the highest epoch the voter knows,
// so a candidate that is behind learns where the cluster is. A malformed request gets 400 and
// changes nothing. Each call has a deadline and never throws.
// Lesson: README.md, section "T6 · Monitors are not the new single point of failure".

/** At most this many characters in a candidate's MONITOR_ID (config.ts checks its own). */
export const MAX_CANDIDATE_LENGTH = 100;
/** Epochs are whole numbers of at most 15 digits, as in X-Chirp-Epoch. */
export const MAX_EPOCH = 999_999_999_999_999;

export interface VoteRequest {
  epoch: number;
  /** The asking monitor's MONITOR_ID. */
  candidate: string;
  /** The leader it wants to replace (an origin), or null. For the voter's log only. */
  leader: string | null;
}

export interface VoteAnswer {
  granted: boolean;
  /** The highest epoch the voter knows of (its nodes' and its own vote's). */
  epoch: number;
  /** Why, in words, for the candidate's log and GET /monitor/state. */
  reason: string;
}

/** What asking one voter gave: its answer, or why there was none (down, paused, cut off). */
export type VoteReply = { outcome: 'answered'; answer: VoteAnswer } | { outcome: 'failed'; error: string };

/** Asks one voter (this monitor, or a peer by its origin) for its vote. Never throws. */
export type AskVote = (voter: string, request: VoteRequest) => Promise<VoteReply>;

/** What an election (election.ts, T6) found. */
export interface ElectionResult {
  won: boolean;
  /** Votes granted, and the majority that was needed. */
  granted: number;
  needed: number;
  /** The highest epoch any voter reported: a candidate that lost starts above it next time. */
  epoch: number;
  /** What happened, in words: the monitor logs it and shows it as `blocked` when lost. */
  reason: string;
}

function isEpoch(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_EPOCH;
}

function isPrintable(value: string): boolean {
  return !/[\u0000-\u001f\u007f]/.test(value);
}

/** The request in a POST /monitor/vote body, or a message saying what is wrong with it. */
export function parseVoteRequest(body: unknown): VoteRequest | string {
  const shape = 'expected {"epoch": <whole number 1 to 999999999999999>, "candidate": "<MONITOR_ID>", "leader": "<origin>" | null}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return shape;
  const { epoch, candidate, leader } = body as Record<string, unknown>;
  if (!isEpoch(epoch)) return `"epoch" must be a whole number from 1 to ${MAX_EPOCH}, got ${JSON.stringify(epoch) ?? 'nothing'}; ${shape}`;
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > MAX_CANDIDATE_LENGTH || !isPrintable(candidate)) {
    return `"candidate" must be the asking monitor's MONITOR_ID: 1 to ${MAX_CANDIDATE_LENGTH} printable characters; ${shape}`;
  }
  if (leader !== null && leader !== undefined && (typeof leader !== 'string' || leader.length > 200 || !isPrintable(leader))) {
    return `"leader" must be an origin or null; ${shape}`;
  }
  return { epoch, candidate, leader: leader ?? null };
}

function parseVoteAnswer(body: unknown): VoteAnswer | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { granted, epoch, reason } = body as Record<string, unknown>;
  if (typeof granted !== 'boolean' || !(isEpoch(epoch) || epoch === 0)) return undefined;
  return { granted, epoch, reason: typeof reason === 'string' ? reason.slice(0, 300) : '' };
}

/** Asks other monitors for their votes over HTTP. */
export class HttpPeers {
  /** `timeoutMs`: how long a peer has to answer before its vote counts as missing. */
  constructor(private readonly timeoutMs: number) {}

  async ask(peer: string, request: VoteRequest): Promise<VoteReply> {
    try {
      const res = await fetch(`${peer}/monitor/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let answer: VoteAnswer | undefined;
      try {
        answer = parseVoteAnswer(JSON.parse(text));
      } catch {
        // Not JSON: reported below.
      }
      if (res.status === 200 && answer) return { outcome: 'answered', answer };
      return { outcome: 'failed', error: `HTTP ${res.status} ${text.slice(0, 100)}` };
    } catch (error) {
      return { outcome: 'failed', error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
    }
  }
}
