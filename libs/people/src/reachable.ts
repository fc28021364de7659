import type { Channel, ConsentPurpose } from '@continuum/domain';
import { latestConsentSql } from './consent.service';

/**
 * SQL pieces, over a graduate aliased `g`, that say on which channels the graduate can be reached
 * for a purpose right now: an address on file and an active consent (the one consent rule,
 * `latestConsentSql`). `joins` goes after `FROM graduate g`; `columns` adds `sms_ok` and `email_ok`.
 */
export function reachableSql(purpose: ConsentPurpose): { joins: string; columns: string } {
  const join = (alias: string, channel: Channel) =>
    `LEFT JOIN LATERAL (${latestConsentSql({ organisationId: 'g.organisation_id', graduateId: 'g.id', contactId: 'NULL::uuid', channel: `'${channel}'`, purpose: `'${purpose}'` })}) ${alias} ON true`;
  const active = (alias: string) => `(${alias}.decision = 'granted' AND (${alias}.expires_at IS NULL OR ${alias}.expires_at > now()))`;
  return {
    joins: `${join('reach_sms', 'sms')}\n${join('reach_email', 'email')}`,
    columns: `coalesce(g.phone IS NOT NULL AND ${active('reach_sms')}, false) AS sms_ok, coalesce(g.email IS NOT NULL AND ${active('reach_email')}, false) AS email_ok`,
  };
}

export interface ReachableRow {
  preferred_channels: Channel[];
  sms_ok: boolean;
  email_ok: boolean;
}

/** The channel to use: the graduate's first preference they can be reached on, else SMS, else email; null when neither. */
export function reachableChannel(row: ReachableRow): Channel | null {
  const ok = (c: Channel) => (c === 'sms' ? row.sms_ok : row.email_ok);
  return row.preferred_channels.find(ok) ?? (row.sms_ok ? 'sms' : row.email_ok ? 'email' : null);
}
