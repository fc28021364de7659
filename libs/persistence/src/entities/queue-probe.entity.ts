import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const QueueProbeStatus = {
  Pending: 'pending',
  Completed: 'completed',
} as const;
export type QueueProbeStatus = (typeof QueueProbeStatus)[keyof typeof QueueProbeStatus];

/**
 * A round trip API → Redis → worker → Postgres, requested by an operator to prove the
 * worker is consuming. The simplest job in the system, and the template for every other.
 */
@Entity({ name: 'queue_probe' })
@Index('ix_queue_probe_requested_at', ['requestedAt'])
export class QueueProbeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_queue_probe' })
  id!: string;

  /** The organisation whose admin asked; probes are visible to that organisation only. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'text', default: QueueProbeStatus.Pending })
  status!: QueueProbeStatus;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** How many times a worker picked the job up; more than 1 means BullMQ redelivered it. */
  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;
}
