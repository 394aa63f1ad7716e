package inbox

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver "sqlite"
)

// sqliteStore keeps the messages in a SQLite file, so that a restart of
// the inbox keeps them. Each row is one message as JSON; listings read the
// rows (at most max of them) and filter in Go, as the memory store does.
// Records written by an earlier run come back restored: the emulators of
// this run do not know them.
type sqliteStore struct {
	db     *sql.DB
	run    string
	max    int
	maxAge time.Duration
	mu     sync.Mutex // serializes writes
}

// persisted is the JSON of one row.
type persisted struct {
	Msg       Message   `json:"msg"`
	SID       string    `json:"sid,omitempty"`
	ReceiptAt time.Time `json:"receiptAt"`
	Failed    bool      `json:"failed,omitempty"`
	ErrCode   string    `json:"errCode,omitempty"`
	Status    string    `json:"status,omitempty"`
	StatusErr string    `json:"statusErr,omitempty"`
}

// openSQLite opens (creating if needed) the store at path for a run of the
// inbox named run.
func openSQLite(path, run string, max int, maxAge time.Duration) (*sqliteStore, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("inbox: opening the SQLite store: %w", err)
	}
	db.SetMaxOpenConns(1)
	const schema = `CREATE TABLE IF NOT EXISTS messages (
		seq  INTEGER PRIMARY KEY AUTOINCREMENT,
		id   TEXT NOT NULL UNIQUE,
		run  TEXT NOT NULL,
		time INTEGER NOT NULL,
		data TEXT NOT NULL
	)`
	if _, err := db.Exec(schema); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("inbox: preparing the SQLite store: %w", err)
	}
	return &sqliteStore{db: db, run: run, max: max, maxAge: maxAge}, nil
}

func toPersisted(r *record) persisted {
	return persisted{Msg: r.msg, SID: r.sid, ReceiptAt: r.receiptAt, Failed: r.failed, ErrCode: r.errCode, Status: r.status, StatusErr: r.statusErr}
}

func (s *sqliteStore) fromRow(run, data string) (record, bool) {
	var p persisted
	if json.Unmarshal([]byte(data), &p) != nil {
		return record{}, false
	}
	return record{msg: p.Msg, sid: p.SID, receiptAt: p.ReceiptAt, failed: p.Failed, errCode: p.ErrCode,
		status: p.Status, statusErr: p.StatusErr, restored: run != s.run}, true
}

func (s *sqliteStore) add(r *record, now time.Time) {
	data, err := json.Marshal(toPersisted(r))
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = s.db.Exec(`INSERT OR REPLACE INTO messages (id, run, time, data) VALUES (?, ?, ?, ?)`,
		r.msg.ID, s.run, r.msg.Time.UnixNano(), string(data))
	s.pruneLocked(now)
}

// pruneLocked deletes rows beyond max and older than maxAge.
func (s *sqliteStore) pruneLocked(now time.Time) {
	_, _ = s.db.Exec(`DELETE FROM messages WHERE time < ?`, now.Add(-s.maxAge).UnixNano())
	_, _ = s.db.Exec(`DELETE FROM messages WHERE seq <= (SELECT seq FROM messages ORDER BY seq DESC LIMIT 1 OFFSET ?)`, s.max)
}

func (s *sqliteStore) get(id string) (record, bool) {
	var run, data string
	if err := s.db.QueryRow(`SELECT run, data FROM messages WHERE id = ?`, id).Scan(&run, &data); err != nil {
		return record{}, false
	}
	return s.fromRow(run, data)
}

func (s *sqliteStore) update(id string, f func(*record)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.get(id)
	if !ok {
		return false
	}
	f(&r)
	data, err := json.Marshal(toPersisted(&r))
	if err != nil {
		return false
	}
	res, err := s.db.Exec(`UPDATE messages SET data = ? WHERE id = ?`, string(data), id)
	if err != nil {
		return false
	}
	n, _ := res.RowsAffected()
	return n == 1
}

func (s *sqliteStore) remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.db.Exec(`DELETE FROM messages WHERE id = ?`, id)
	if err != nil {
		return false
	}
	n, _ := res.RowsAffected()
	return n == 1
}

func (s *sqliteStore) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = s.db.Exec(`DELETE FROM messages`)
}

func (s *sqliteStore) len() int {
	var n int
	_ = s.db.QueryRow(`SELECT COUNT(*) FROM messages`).Scan(&n)
	return n
}

func (s *sqliteStore) find(f Filter, now time.Time) ([]record, int) {
	s.mu.Lock()
	s.pruneLocked(now)
	s.mu.Unlock()
	number := ""
	if f.Number != "" {
		number = normalizeNumber(f.Number)
	}
	query := strings.ToLower(strings.TrimSpace(f.Query))
	rows, err := s.db.Query(`SELECT run, data FROM messages ORDER BY seq DESC`)
	if err != nil {
		return nil, 0
	}
	defer rows.Close()
	var out []record
	total := 0
	for rows.Next() {
		var run, data string
		if rows.Scan(&run, &data) != nil {
			continue
		}
		r, ok := s.fromRow(run, data)
		if !ok || !f.matches(&r.msg, number, query) {
			continue
		}
		total++
		if f.Limit > 0 && len(out) >= f.Limit {
			continue
		}
		out = append(out, r)
	}
	return out, total
}

func (s *sqliteStore) close() error { return s.db.Close() }
