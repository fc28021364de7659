import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Page, type Program } from '../api';
import { useUser } from '../session';
import { Badge, Empty, ErrorNotice, formatDate, humanise, Loaded, onSubmit, Pager, useAction, useResource } from '../ui';

export interface GraduateSummary {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  externalId: string | null;
  programId: string | null;
  cohort: string | null;
  dischargeDate: string | null;
  status: 'active' | 'paused' | 'withdrawn' | 'deceased' | string;
  risk: 'at_risk' | 'urgent' | null;
}

interface ImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { row: number; externalId: string | null; field: string; reason: string }[];
}

interface Filters {
  search: string;
  status: string;
  risk: string;
  programId: string;
  caseload: string;
}

export function RiskBadge({ risk }: { risk: GraduateSummary['risk'] }) {
  if (risk === 'urgent') return <Badge tone="danger">Urgent</Badge>;
  if (risk === 'at_risk') return <Badge tone="warn">At risk</Badge>;
  return null;
}

function ImportPanel({ onImported }: { onImported: () => void }) {
  const [report, setReport] = useState<ImportReport | null>(null);
  const upload = useAction(async (file: File, dryRun: boolean) => {
    const result = await api<ImportReport>('/graduates/import', {
      method: 'POST',
      query: { dryRun: dryRun ? 'true' : undefined },
      rawBody: { contentType: 'text/csv', text: await file.text() },
    });
    setReport(result);
    if (!dryRun) onImported();
  });
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import graduates from CSV</h2>
      <p className="muted">
        One row per graduate with a header row (externalId, firstName, lastName, dischargeDate, timezone, phone, email…). Rows with the same externalId
        update the graduate; consent is never imported.
      </p>
      <form
        className="inline-form"
        onSubmit={onSubmit((form) => {
          const file = form.get('file');
          if (file instanceof File && file.size > 0) void upload.run(file, form.get('dryRun') === 'on');
        })}
      >
        <div className="field">
          <label htmlFor="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div className="field">
          <label htmlFor="import-dry-run">
            <input id="import-dry-run" name="dryRun" type="checkbox" /> Check only (write nothing)
          </label>
        </div>
        <button type="submit" disabled={upload.busy}>
          {upload.busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      <ErrorNotice error={upload.error} />
      {report && (
        <div role="status" aria-live="polite">
          <p className={report.failed ? 'notice error' : 'notice ok'}>
            {report.dryRun ? 'Checked' : 'Imported'} {report.total} rows: {report.created} created, {report.updated} updated, {report.unchanged} unchanged,{' '}
            {report.failed} failed.
          </p>
          {report.errors.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Rows that were not imported</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">External id</th>
                    <th scope="col">Field</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e) => (
                    <tr key={`${e.row}:${e.field}`}>
                      <td>{e.row}</td>
                      <td>{e.externalId ?? '—'}</td>
                      <td>{e.field}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

export function GraduatesPage() {
  const user = useUser();
  const [filters, setFilters] = useState<Filters>({ search: '', status: '', risk: '', programId: '', caseload: user.role === 'coordinator' ? 'mine' : 'all' });
  const [draft, setDraft] = useState('');
  const [page, setPage] = useState(1);
  const programs = useResource(() => api<Program[]>('/programs'), []);
  const graduates = useResource(
    () => api<Page<GraduateSummary>>('/graduates', { query: { ...filters, page, pageSize: 25 } }),
    [filters, page],
  );
  const programName = (id: string | null) => programs.data?.find((p) => p.id === id)?.name ?? '—';
  const set = (change: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPage(1);
  };

  return (
    <>
      <h1>Graduates</h1>
      <section className="card" aria-labelledby="find-heading">
        <h2 id="find-heading" className="sr-only">
          Find graduates
        </h2>
        <form className="inline-form" role="search" onSubmit={onSubmit(() => set({ search: draft }))}>
          <div className="field">
            <label htmlFor="search">Name or external id</label>
            <input id="search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </div>
          <button type="submit">Search</button>
          <div className="field">
            <label htmlFor="filter-caseload">Caseload</label>
            <select id="filter-caseload" value={filters.caseload} onChange={(e) => set({ caseload: e.target.value })}>
              <option value="mine">Mine</option>
              <option value="unassigned">Unassigned</option>
              <option value="all">Everyone</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" value={filters.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">Any</option>
              <option value="active">Active</option>
              <option value="paused">Paused</option>
              <option value="completed">Completed</option>
              <option value="withdrawn">Withdrawn</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-risk">Risk</label>
            <select id="filter-risk" value={filters.risk} onChange={(e) => set({ risk: e.target.value })}>
              <option value="">Any</option>
              <option value="at_risk">At risk (open alert)</option>
              <option value="urgent">Urgent alert</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-program">Program</label>
            <select id="filter-program" value={filters.programId} onChange={(e) => set({ programId: e.target.value })}>
              <option value="">Any</option>
              {programs.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="list-heading">
        <h2 id="list-heading">{filters.search ? 'Matching graduates' : 'All graduates in view'}</h2>
        <Loaded resource={graduates} what="graduates">
          {(result) =>
            result.items.length === 0 ? (
              <Empty>No graduate matches.</Empty>
            ) : (
              <>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Program</th>
                        <th scope="col">Discharged</th>
                        <th scope="col">Status</th>
                        <th scope="col">Risk</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.items.map((g) => (
                        <tr key={g.id}>
                          <td>
                            <Link to={`/graduates/${g.id}`}>
                              {g.preferredName ?? g.firstName} {g.lastName}
                            </Link>
                            {g.externalId && <span className="muted"> · {g.externalId}</span>}
                          </td>
                          <td>{programName(g.programId)}</td>
                          <td>{formatDate(g.dischargeDate)}</td>
                          <td>
                            <Badge tone={g.status === 'active' ? 'good' : 'neutral'}>{humanise(g.status)}</Badge>
                          </td>
                          <td>
                            <RiskBadge risk={g.risk} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pager page={result.page} pageSize={result.pageSize} total={result.total} onPage={setPage} />
              </>
            )
          }
        </Loaded>
      </section>
      <ImportPanel onImported={graduates.reload} />
    </>
  );
}
