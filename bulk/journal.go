package bulk

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// MinJournalKeyLength is the shortest HMAC key a Journal takes.
const MinJournalKeyLength = 16

// Journal makes runs resumable. It is a file of JSON lines, appended to: a
// line {"k":KEY,"m":MASKED,"s":"started"} for each recipient before the
// call that sends to it, and a line {"k":KEY,"s":OUTCOME,...} after it, with
// OUTCOME accepted, not_accepted or possibly_accepted. A recipient with a
// "started" line and no outcome line (a crash between the two) may have been
// accepted. A run with a Journal skips every recipient the journal has an
// entry for, so that it never sends twice to anyone accepted or possibly
// accepted.
//
// KEY is the hex HMAC-SHA256, keyed with the Journal's key, of the template
// and the number as given (so the same number written another way is
// another recipient); MASKED is sms.MaskPhone of the number. The journal
// holds no number in clear and no param: without the key, its hashes cannot
// be matched against guessed numbers. Keep the key apart from the journal.
//
// Durability: every line is written with one write(2) to the file (opened
// O_APPEND) before the call it precedes, so the journal survives a crash of
// the process (the kernel holds the data). With JournalOptions.Sync the
// "started" lines are also fsynced before each call, so it survives a crash
// of the machine, at the cost of one fsync per call. Outcome lines are never
// fsynced: losing one leaves the recipient possibly accepted, which is safe.
// A partial last line (a crash during a write) is dropped on open: its call
// never began.
//
// Memory: the entries the file holds when it is opened are kept in memory
// as 8-byte prefixes of their keys (about 40 bytes each), so that a rerun
// can skip them; the lines a run appends are not (a run's memory stays flat
// in its number of recipients), so Lookup, Counts and ToReconcile see the
// journal as it was opened, plus Resolve's records: reopen it to see a
// run's lines. Two recipients whose keys share a prefix (odds about
// n²/2⁶⁵) would be taken as one. A recipient listed twice in one run's
// input is sent twice; a rerun skips both.
//
// A Journal is safe for concurrent use.
type Journal struct {
	mu      sync.Mutex
	f       *os.File
	key     func() []byte // behind a func: no fmt verb reaches it
	sync    bool
	entries map[uint64]Outcome
	retry   bool
	buf     bytes.Buffer
}

// JournalOptions configures OpenJournal.
type JournalOptions struct {
	// Key is the HMAC key of the recipients' hashes, at least
	// MinJournalKeyLength bytes; a rerun must use the same key.
	Key []byte
	// Sync fsyncs the "started" lines before each call (see Journal).
	Sync bool
	// RetryNotAccepted makes a rerun send again to recipients whose
	// outcome was not_accepted. Accepted and possibly accepted recipients
	// are never sent again.
	RetryNotAccepted bool
}

// Format prints String for every verb: no verb shows the key.
func (o JournalOptions) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// String describes o without its key.
func (o JournalOptions) String() string {
	return redact.Describe("bulk.JournalOptions", "Key: "+redact.IsSet(len(o.Key) > 0),
		redact.Field{Name: "Sync", Value: strconv.FormatBool(o.Sync)},
		redact.Field{Name: "RetryNotAccepted", Value: strconv.FormatBool(o.RetryNotAccepted)})
}

// GoString is String.
func (o JournalOptions) GoString() string { return o.String() }

// Format prints String for every verb (a pointer receiver: a Journal holds
// a lock).
func (j *Journal) Format(f fmt.State, _ rune) { redact.Print(f, j.String()) }

// String describes the journal without its key or file name.
func (j *Journal) String() string { return "bulk.Journal{Key: hidden}" }

// GoString is String.
func (j *Journal) GoString() string { return j.String() }

// journalLine is one line of the journal.
type journalLine struct {
	Key     string `json:"k"`
	Masked  string `json:"m,omitempty"`
	State   string `json:"s"`
	ID      string `json:"id,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"msg,omitempty"`
}

// stateStarted is the state of a line written before the call.
const stateStarted = "started"

// OpenJournal opens the journal at path, creating it (mode 0600) when
// missing, and reads the entries it holds.
func OpenJournal(path string, o JournalOptions) (*Journal, error) {
	if len(o.Key) < MinJournalKeyLength {
		return nil, sms.NewOptionsError("bulk", "journal key shorter than 16 bytes")
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	key := append([]byte(nil), o.Key...)
	j := &Journal{f: f, key: func() []byte { return key }, sync: o.Sync, retry: o.RetryNotAccepted,
		entries: map[uint64]Outcome{}}
	good, err := j.load(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(good); err != nil { // a partial last line
		f.Close()
		return nil, err
	}
	return j, nil
}

// load reads the entries of r and returns the length of its whole lines.
func (j *Journal) load(r io.Reader) (int64, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var good int64
	for {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			return good, nil // a last line without "\n" is partial
		}
		if err != nil {
			return 0, err
		}
		var l journalLine
		if json.Unmarshal(line, &l) != nil {
			return 0, errors.New("bulk: journal line " + sms.Quote(strings.TrimSpace(string(line[:min(len(line), 40)]))) +
				" is not a journal entry")
		}
		k, ok := prefixOf(l.Key)
		if !ok {
			return 0, errors.New("bulk: journal entry with a bad key")
		}
		switch l.State {
		case stateStarted:
			if j.entries[k] == None {
				j.entries[k] = PossiblyAccepted // until its outcome comes
			}
		case Accepted.String():
			j.entries[k] = Accepted
		case NotAccepted.String():
			j.entries[k] = NotAccepted
		case PossiblyAccepted.String():
			j.entries[k] = PossiblyAccepted
		default:
			return 0, errors.New("bulk: journal entry with an unknown state " + sms.Quote(l.State))
		}
		good += int64(len(line))
	}
}

// prefixOf returns the map key of a hex KEY.
func prefixOf(key string) (uint64, bool) {
	var b [8]byte
	if len(key) != 32 {
		return 0, false
	}
	if _, err := hex.Decode(b[:], []byte(key[:16])); err != nil {
		return 0, false
	}
	return binary.BigEndian.Uint64(b[:]), true
}

// Key returns the journal key of number under template: hex of the first
// 16 bytes of HMAC-SHA256(key, template "\n" number).
func (j *Journal) Key(template, number string) string {
	return j.newKeyer().key(template, number)
}

// keyer computes journal keys with one reused HMAC: for one goroutine.
type keyer struct {
	m   hash.Hash
	sum [sha256.Size]byte
	hex [32]byte
}

func (j *Journal) newKeyer() *keyer { return &keyer{m: hmac.New(sha256.New, j.key())} }

// key is Journal.Key.
func (k *keyer) key(template, number string) string {
	k.m.Reset()
	io.WriteString(k.m, template)
	k.m.Write([]byte{'\n'})
	io.WriteString(k.m, number)
	hex.Encode(k.hex[:], k.m.Sum(k.sum[:0])[:16])
	return string(k.hex[:])
}

// Lookup returns the outcome the journal held for number under template
// when it was opened (or that Resolve recorded): None when it has no
// entry, PossiblyAccepted for a call that started and did not end.
func (j *Journal) Lookup(template, number string) Outcome {
	k, _ := prefixOf(j.Key(template, number))
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.entries[k]
}

// Counts returns how many recipients the journal held per outcome when it
// was opened (with Resolve's records).
func (j *Journal) Counts() map[Outcome]int {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := map[Outcome]int{}
	for _, o := range j.entries {
		c[o]++
	}
	return c
}

// skip reports whether a run must skip key.
func (j *Journal) skip(key string) bool {
	k, _ := prefixOf(key)
	j.mu.Lock()
	defer j.mu.Unlock()
	o := j.entries[k]
	return o != None && !(o == NotAccepted && j.retry)
}

// started writes the "started" lines of one call, and returns once they
// are written (and fsynced with Sync).
func (j *Journal) started(keys []string, numbers []string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf.Reset()
	for i, k := range keys {
		j.writeLine(journalLine{Key: k, Masked: sms.MaskPhone(numbers[i]), State: stateStarted})
	}
	if _, err := j.f.Write(j.buf.Bytes()); err != nil {
		return err
	}
	if j.sync {
		return j.f.Sync()
	}
	return nil
}

// ended writes the outcome lines of one call.
func (j *Journal) ended(keys []string, results []sms.BatchResult) error {
	return j.endedKeeping(keys, results, false)
}

// endedKeeping is ended; keep also records the outcomes in memory (Resolve).
func (j *Journal) endedKeeping(keys []string, results []sms.BatchResult, keep bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf.Reset()
	for i, k := range keys {
		r := results[i]
		o := outcomeOf(r.Err)
		l := journalLine{Key: k, State: o.String(), ID: r.Result.MessageID}
		if r.Err != nil {
			l.Code = sms.CodeOf(r.Err).String()
			if e, ok := errors.AsType[*sms.Error](r.Err); ok {
				l.Message = e.Error() // an *sms.Error's text holds no number or param
			}
		}
		j.writeLine(l)
		if keep {
			p, _ := prefixOf(k)
			j.entries[p] = o
		}
	}
	_, err := j.f.Write(j.buf.Bytes())
	return err
}

// Resolve records what the caller learned of a possibly accepted recipient
// from delivery receipts (see ToReconcile): Accepted, or NotAccepted, which a
// run with RetryNotAccepted sends again.
func (j *Journal) Resolve(template, number string, o Outcome) error {
	if o != Accepted && o != NotAccepted {
		return errors.New("bulk: Resolve takes Accepted or NotAccepted")
	}
	key := j.Key(template, number)
	return j.endedKeeping([]string{key}, []sms.BatchResult{{Err: resolvedErr(o)}}, true)
}

// resolvedErr is the error Resolve records for o.
func resolvedErr(o Outcome) error {
	if o == Accepted {
		return nil
	}
	return &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: "bulk",
		Message: "no receipt: resolved as not accepted"}
}

// writeLine appends l and a newline to j.buf.
func (j *Journal) writeLine(l journalLine) {
	j.buf.WriteString(`{"k":"`)
	j.buf.WriteString(l.Key) // hex
	j.buf.WriteByte('"')
	field := func(name, v string) {
		if v == "" {
			return
		}
		j.buf.WriteString(`,"`)
		j.buf.WriteString(name)
		j.buf.WriteString(`":`)
		if plainJSON(v) {
			j.buf.WriteByte('"')
			j.buf.WriteString(v)
			j.buf.WriteByte('"')
			return
		}
		b, _ := json.Marshal(v) // a string: cannot fail
		j.buf.Write(b)
	}
	field("m", l.Masked)
	field("s", l.State)
	field("id", l.ID)
	field("code", l.Code)
	field("msg", l.Message)
	j.buf.WriteString("}\n")
}

// plainJSON reports whether s can be written between quotes as it is:
// printable ASCII without quote, backslash, "<", ">" or "&".
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// Close closes the journal's file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f.Close()
}
