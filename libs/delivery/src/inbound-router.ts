import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A text from someone we know, that is not a keyword: a check-in answer, an RSVP... */
export interface InboundReply {
  organisationId: string;
  graduateId: string;
  contactId: string | null;
  body: string;
  receivedAt: Date;
}

/** A feature's answer: whether it took the reply, and what to text back, if anything. */
export type InboundHandlerResult = { handled: false } | { handled: true; reply?: string; after?: () => Promise<void> };
export type InboundHandler = (reply: InboundReply, manager: EntityManager) => Promise<InboundHandlerResult>;

/**
 * The one routing point for replies: features (check-ins, RSVPs) register a handler at boot; the
 * first that takes a reply wins, in registration order. Unclaimed replies are kept as `unrouted`.
 */
@Injectable()
export class InboundRouter {
  private readonly handlers: { name: string; handle: InboundHandler; order: number; fallback: boolean }[] = [];

  /**
   * Lower `order` is asked first (default 100). A handler that takes only replies of a strict
   * shape (an RSVP's Y/N, an attendance code) goes before one that takes any text (a check-in),
   * so "Y" answers the invitation even while a check-in is open.
   */
  register(name: string, handle: InboundHandler, order = 100, options: { fallback?: boolean } = {}): void {
    if (this.handlers.some((h) => h.name === name)) throw new Error(`inbound handler "${name}" registered twice`);
    this.handlers.push({ name, handle, order, fallback: options.fallback ?? false });
    this.handlers.sort((a, b) => a.order - b.order);
  }

  /**
   * `after` is for the caller to run once its transaction has committed (queueing what the handler
   * wrote). `waiting` asks the handlers that take only what they wait for (an answer, an RSVP);
   * `fallback` the ones that take anything (the conversation thread), once nobody sharing the
   * phone had a feature waiting.
   */
  async route(reply: InboundReply, manager: EntityManager, phase: 'waiting' | 'fallback' = 'waiting'): Promise<{ handledAs: string; reply?: string; after?: () => Promise<void> }> {
    for (const { name, handle, fallback } of this.handlers) {
      if (fallback !== (phase === 'fallback')) continue;
      const result = await handle(reply, manager);
      if (result.handled) return { handledAs: name, reply: result.reply, after: result.after };
    }
    return { handledAs: 'unrouted' };
  }
}
