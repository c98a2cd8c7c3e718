/** History: every change to the project, newest first (per flag and segment on their own pages). */
import { useParams } from 'react-router';
import { AuditLog } from './audit-log';

export function HistoryPage() {
  const { project = '' } = useParams();
  return (
    <section aria-labelledby="history-title">
      <div className="page-head">
        <h1 id="history-title">History</h1>
      </div>
      <AuditLog scope={{ project }} label="Changes to the project" />
    </section>
  );
}
