package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
)

const bulkHelp = `Usage: smskit bulk [flags]

Send one template to every recipient of a CSV file, at a capped number of
calls per second, in batches where the provider has them (Aliyun
SendBatchSms: 100 numbers a call), with a journal that makes the run
resumable after a crash without sending to anyone twice.

  smskit bulk --url "$SMSKIT_URL" --template SMS_123456789 --csv notice.csv --rate 2000 --journal notice.jsonl
  smskit bulk --url "$SMSKIT_URL" --template SMS_123456789 --csv notice.csv --rate 2000 --journal notice.jsonl --resume

The CSV file has a header row: a column "number" (the recipient, E.164 or
national) and one column per template parameter, named as the parameter:

  number,name,order
  +8613800138000,Li Lei,A1024
  13800138001,Han Meimei,A1025

Flags:
  --url URL          the sender's URL (default: $SMSKIT_URL)
  --template NAME    the template of every message (required)
  --csv FILE         the recipients (required; - reads stdin)
  --rate N           calls per second at most (default 100; Aliyun's account cap is about 5000)
  --concurrency N    calls in flight at most (default 16)
  --batch N          recipients per batch call (default: the provider's most, Aliyun 100)
  --no-batch         one Send per recipient, even where batches exist
  --sign NAME        the sign of every message instead of the URL's
  --sign-column COL  the CSV column that holds each row's sign (not a parameter)
  --reference REF    a reference echoed in delivery receipts (Aliyun OutId)
  --journal FILE     write the run's journal (JSON lines: HMAC keys and masked numbers only)
  --journal-key FILE the journal's HMAC key (default: FILE.key next to the journal;
                     created, mode 0600, when the journal is new; keep it apart from the journal)
  --resume           continue the run in --journal: send only to recipients it has no entry for
  --retry-failed     with --resume, also send again to recipients definitely not accepted
  --progress D       progress every D (default 1s; a bar on a terminal, lines otherwise)
  --json             print the summary as JSON, for scripts
  --help             print this help

Nothing printed or journaled holds a credential, a parameter value or a whole number.

Exit codes: 0 every recipient accepted (or already in the journal), 2 usage or
invalid input (a bad CSV row stops the run), 3 some recipients not accepted (nothing
was sent to them), 4 some recipients may have been accepted (the journal marks them
possibly_accepted: check receipts, never resend blindly), 1 other failure.
`

// bulkFlags are the flags of bulk.
type bulkFlags struct {
	url, template, csv, sign, signColumn, reference, journal, journalKey string
	rate                                                                 float64
	concurrency, batch                                                   int
	noBatch, resume, retryFailed, json                                   bool
	progress                                                             time.Duration
}

func runBulk(ctx context.Context, e env, args []string) int {
	var f bulkFlags
	fs := newFlagSet("bulk")
	fs.StringVar(&f.url, "url", "", "")
	fs.StringVar(&f.template, "template", "", "")
	fs.StringVar(&f.csv, "csv", "", "")
	fs.Float64Var(&f.rate, "rate", 100, "")
	fs.IntVar(&f.concurrency, "concurrency", bulk.DefaultConcurrency, "")
	fs.IntVar(&f.batch, "batch", 0, "")
	fs.BoolVar(&f.noBatch, "no-batch", false, "")
	fs.StringVar(&f.sign, "sign", "", "")
	fs.StringVar(&f.signColumn, "sign-column", "", "")
	fs.StringVar(&f.reference, "reference", "", "")
	fs.StringVar(&f.journal, "journal", "", "")
	fs.StringVar(&f.journalKey, "journal-key", "", "")
	fs.BoolVar(&f.resume, "resume", false, "")
	fs.BoolVar(&f.retryFailed, "retry-failed", false, "")
	fs.DurationVar(&f.progress, "progress", time.Second, "")
	fs.BoolVar(&f.json, "json", false, "")
	if code, done := parseCommand(fs, args, e, bulkHelp); done {
		return code
	}
	switch {
	case f.template == "":
		return usageError(e, fs, "--template is required")
	case f.csv == "":
		return usageError(e, fs, "--csv is required (- reads stdin)")
	case !(f.rate > 0):
		return usageError(e, fs, "--rate must be more than zero")
	case f.concurrency < 1 || f.batch < 0:
		return usageError(e, fs, "--concurrency must be at least 1 and --batch not negative")
	case f.progress <= 0:
		return usageError(e, fs, "--progress must be positive")
	case (f.resume || f.journalKey != "") && f.journal == "":
		return usageError(e, fs, "--resume and --journal-key need --journal")
	case f.retryFailed && !f.resume:
		return usageError(e, fs, "--retry-failed needs --resume")
	}

	var input io.Reader = e.stdin
	var total int64
	if f.csv != "-" {
		file, err := os.Open(f.csv)
		if err != nil {
			return usageError(e, fs, "cannot open --csv: "+pathProblem(err))
		}
		defer file.Close()
		if total, err = countRows(file); err != nil {
			return usageError(e, fs, "cannot read --csv: "+pathProblem(err))
		}
		input = file
	}
	rows, err := readRecipients(input, f.sign, f.signColumn)
	if err != nil {
		return usageError(e, fs, err.Error())
	}

	sender, code, ok := open(ctx, e, fs, "bulk", f.url, f.json)
	if !ok {
		return code
	}
	var journal *bulk.Journal
	if f.journal != "" {
		if journal, err = openJournal(f); err != nil {
			return usageError(e, fs, err.Error())
		}
		defer journal.Close()
	}
	pr := newProgressPrinter(e.stderr, isTerminal(e.stderr))
	sum, err := bulk.Send(ctx, sender, rows, bulk.Options{
		Template:         f.template,
		Reference:        f.reference,
		CallsPerSecond:   f.rate,
		Burst:            max(1, int(f.rate/100)),
		Concurrency:      f.concurrency,
		BatchSize:        f.batch,
		NoBatch:          f.noBatch,
		Journal:          journal,
		Progress:         pr.print,
		ProgressInterval: f.progress,
		Total:            total,
	})
	return bulkSummary(e, f, sum, err)
}

// bulkSummary prints the run's summary and returns its exit code.
func bulkSummary(e env, f bulkFlags, sum bulk.Progress, runErr error) int {
	code := exitOK
	switch {
	case sum.PossiblyAccepted > 0:
		code = exitMayBeAccepted
	case sum.NotAccepted > 0:
		code = exitNotAccepted
	case runErr != nil:
		code = exitCode(runErr)
		var rowErr *rowError
		if errors.As(runErr, &rowErr) {
			code = exitUsage
		}
	}
	if f.json {
		var ej *errorJSON
		if runErr != nil {
			ej = newErrorJSON(runErr)
		}
		writeJSON(e.stdout, struct {
			OK               bool       `json:"ok"`
			Accepted         int64      `json:"accepted"`
			NotAccepted      int64      `json:"not_accepted"`
			PossiblyAccepted int64      `json:"possibly_accepted"`
			Skipped          int64      `json:"skipped"`
			Calls            int64      `json:"calls"`
			Seconds          float64    `json:"seconds"`
			CallsPerSecond   float64    `json:"calls_per_second"`
			Journal          string     `json:"journal,omitempty"`
			Error            *errorJSON `json:"error,omitempty"`
		}{code == exitOK, sum.Accepted, sum.NotAccepted, sum.PossiblyAccepted, sum.Skipped, sum.Calls,
			sum.Elapsed.Seconds(), sum.CallRate(), f.journal, ej})
		return code
	}
	fmt.Fprintf(e.stdout, "%d accepted, %d not accepted, %d possibly accepted, %d skipped (already in the journal); %d calls in %s (%.0f calls/s).\n",
		sum.Accepted, sum.NotAccepted, sum.PossiblyAccepted, sum.Skipped, sum.Calls, sms.RoundDuration(sum.Elapsed), sum.CallRate())
	if runErr != nil {
		fmt.Fprintf(e.stderr, "smskit bulk: stopped: %v\n", runErr)
	}
	switch code {
	case exitMayBeAccepted:
		fmt.Fprintln(e.stderr, "Some recipients may have been accepted: the journal marks them possibly_accepted; check delivery receipts before sending to them again (never with --resume, which skips them).")
	case exitNotAccepted:
		fmt.Fprintln(e.stderr, "Some recipients were not accepted: nothing was sent to them; the journal has each one's error (--resume --retry-failed sends to them again).")
	}
	if f.journal != "" && runErr != nil {
		fmt.Fprintf(e.stderr, "Resume with: smskit bulk ... --journal %s --resume\n", f.journal)
	}
	return code
}

// openJournal opens or creates the journal of f, and its key.
func openJournal(f bulkFlags) (*bulk.Journal, error) {
	keyPath := f.journalKey
	if keyPath == "" {
		keyPath = f.journal + ".key"
	}
	_, statErr := os.Stat(f.journal)
	exists := statErr == nil
	switch {
	case f.resume && !exists:
		return nil, errors.New("--resume: the journal does not exist")
	case !f.resume && exists:
		return nil, errors.New("--journal exists: add --resume to continue that run, or name a new journal")
	}
	var key []byte
	raw, err := os.ReadFile(keyPath)
	switch {
	case err == nil:
		if key, err = hex.DecodeString(strings.TrimSpace(string(raw))); err != nil || len(key) < bulk.MinJournalKeyLength {
			return nil, errors.New("the journal key file does not hold a hex key of 16 bytes or more")
		}
	case errors.Is(err, os.ErrNotExist) && !f.resume:
		key = make([]byte, 32)
		_, _ = rand.Read(key)
		if err := os.WriteFile(keyPath, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
			return nil, errors.New("cannot write the journal key: " + pathProblem(err))
		}
	default:
		return nil, errors.New("cannot read the journal key: " + pathProblem(err))
	}
	j, err := bulk.OpenJournal(f.journal, bulk.JournalOptions{Key: key, RetryNotAccepted: f.retryFailed})
	if err != nil {
		return nil, errors.New("cannot open the journal: " + pathProblem(err))
	}
	return j, nil
}

// pathProblem describes a file error without repeating more than the
// error says (file names are the caller's own).
func pathProblem(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// countRows counts the data rows of a CSV file (its lines but the header),
// for the ETA, and rewinds it.
func countRows(f *os.File) (int64, error) {
	buf := make([]byte, 256<<10)
	var n int64
	for {
		k, err := f.Read(buf)
		n += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	_, err := f.Seek(0, io.SeekStart)
	return max(0, n-1), err
}

// rowError is a bad CSV row; its text names the row, never its values.
type rowError struct {
	row    int
	reason string
}

func (e *rowError) Error() string { return "--csv row " + strconv.Itoa(e.row) + ": " + e.reason }

// readRecipients reads the header of r and returns the sequence of its
// rows, read one at a time. sign is every row's sign, unless signColumn
// names the column that holds each row's.
func readRecipients(r io.Reader, sign, signColumn string) (iter.Seq2[sms.Recipient, error], error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, errors.New("--csv: no header row (number,PARAM,...)")
	}
	header = append([]string(nil), header...)
	numberCol, signCol := -1, -1
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		if strings.EqualFold(h, "number") {
			numberCol = i
		}
		if signColumn != "" && h == signColumn {
			signCol = i
		}
	}
	if numberCol < 0 {
		return nil, errors.New(`--csv: the header has no "number" column`)
	}
	if signColumn != "" && signCol < 0 {
		return nil, errors.New("--csv: the header has no column " + quoteName(signColumn) + " (--sign-column)")
	}
	params := len(header) - 1
	if signCol >= 0 {
		params--
	}
	return func(yield func(sms.Recipient, error) bool) {
		for row := 2; ; row++ {
			rec, err := cr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *csv.ParseError
				reason := "not CSV"
				if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
					reason = "wrong number of fields"
				}
				yield(sms.Recipient{}, &rowError{row: row, reason: reason})
				return
			}
			rc := sms.Recipient{To: strings.TrimSpace(rec[numberCol]), Sign: sign}
			if signCol >= 0 {
				rc.Sign = strings.TrimSpace(rec[signCol])
			}
			if params > 0 {
				rc.Params = make(map[string]string, params)
				for i, v := range rec {
					if i != numberCol && i != signCol {
						rc.Params[header[i]] = v
					}
				}
			}
			if !yield(rc, nil) {
				return
			}
		}
	}, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter prints Progress: a bar redrawn in place on a terminal,
// one line per report otherwise.
type progressPrinter struct {
	w    io.Writer
	tty  bool
	wide int
}

func newProgressPrinter(w io.Writer, tty bool) *progressPrinter {
	return &progressPrinter{w: w, tty: tty, wide: 30}
}

func (p *progressPrinter) print(pr bulk.Progress) {
	done := pr.Sent() + pr.Skipped
	counts := fmt.Sprintf("%d/%s sent (%d accepted, %d not, %d possibly, %d skipped), %.0f/s, %.0f calls/s",
		done, totalText(pr.Total), pr.Accepted, pr.NotAccepted, pr.PossiblyAccepted, pr.Skipped, pr.Rate(), pr.CallRate())
	eta := ""
	if d := pr.ETA(); d > 0 {
		eta = ", ETA " + sms.RoundDuration(d).String()
	}
	if !p.tty {
		if !pr.Done {
			fmt.Fprintf(p.w, "progress: %s%s\n", counts, eta)
		}
		return
	}
	bar := ""
	if pr.Total > 0 {
		filled := int(min(done, pr.Total) * int64(p.wide) / pr.Total)
		bar = "[" + strings.Repeat("#", filled) + strings.Repeat(".", p.wide-filled) + "] "
	}
	fmt.Fprintf(p.w, "\r\033[K%s%s%s", bar, counts, eta)
	if pr.Done {
		fmt.Fprintln(p.w)
	}
}

func totalText(n int64) string {
	if n <= 0 {
		return "?"
	}
	return strconv.FormatInt(n, 10)
}
