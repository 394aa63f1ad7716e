package main

import (
	"context"
	"fmt"
	"time"

	"github.com/smskit/sms"
)

const statusHelp = `Usage: smskit status [flags]

Ask the provider what became of a message it accepted.

  smskit status --url "$SMSKIT_URL" --id 123456789012345678^0 --to +8613800138000
  smskit status --url 'twilio://default?from=+15005550006' --id SM0123...

Flags:
  --url URL      the sender's URL (default: $SMSKIT_URL); it must name a provider
                 that can tell delivery status (aliyun, twilio; not dryrun)
  --id ID        the message id "smskit send" printed (required)
  --to NUMBER    the recipient (Aliyun needs it)
  --sent DATE    the day it was sent, YYYY-MM-DD (Aliyun searches by day; default today)
  --timeout D    give up after D (default 30s)
  --json         print the status as JSON, for scripts
  --help         print this help

Exit codes: 0 the provider answered (whatever the state), 2 usage or invalid input
(including a URL whose sender cannot tell status), 1 the query failed.
`

func runStatus(ctx context.Context, e env, args []string) int {
	var (
		rawURL, id, to, sent string
		timeout              time.Duration
		asJSON               bool
	)
	fs := newFlagSet("status")
	fs.StringVar(&rawURL, "url", "", "")
	fs.StringVar(&id, "id", "", "")
	fs.StringVar(&to, "to", "", "")
	fs.StringVar(&sent, "sent", "", "")
	fs.DurationVar(&timeout, "timeout", 30*time.Second, "")
	fs.BoolVar(&asJSON, "json", false, "")
	if code, done := parseCommand(fs, args, e, statusHelp); done {
		return code
	}
	var sentAt time.Time
	switch {
	case id == "":
		return usageError(e, fs, "--id is required")
	case timeout <= 0:
		return usageError(e, fs, "--timeout must be positive")
	case sent != "":
		t, err := time.ParseInLocation(time.DateOnly, sent, time.Local)
		if err != nil {
			return usageError(e, fs, "--sent must be a date such as 2026-11-27")
		}
		sentAt = t
	}
	sender, code, ok := open(ctx, e, fs, "status", rawURL, asJSON)
	if !ok {
		return code
	}
	checker, ok := sms.As[sms.StatusChecker](sender)
	if !ok {
		return usageError(e, fs, "this URL's sender cannot tell delivery status (dryrun:// cannot); use the provider's URL")
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	st, err := checker.Status(ctx, sms.StatusQuery{MessageID: id, To: to, SentAt: sentAt})
	if err != nil {
		if asJSON {
			fail(e, "status", true, err)
		} else {
			fmt.Fprintf(e.stderr, "smskit status: %v\n", err)
		}
		if c := exitCode(err); c == exitUsage {
			return c
		}
		return exitOther
	}
	if asJSON {
		writeJSON(e.stdout, struct {
			OK           bool       `json:"ok"`
			State        string     `json:"state"`
			Final        bool       `json:"final"`
			Provider     string     `json:"provider"`
			MessageID    string     `json:"message_id"`
			ProviderCode string     `json:"provider_code,omitempty"`
			SentAt       *time.Time `json:"sent_at,omitempty"`
			DoneAt       *time.Time `json:"done_at,omitempty"`
		}{true, st.State.String(), st.State.Final(), st.Provider, st.MessageID, st.ProviderCode, timePtr(st.SentAt), timePtr(st.DoneAt)})
		return exitOK
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", st.MessageID, st)
	if !st.SentAt.IsZero() {
		fmt.Fprintf(e.stdout, "  sent at: %s\n", st.SentAt.Format(time.RFC3339))
	}
	if !st.DoneAt.IsZero() {
		fmt.Fprintf(e.stdout, "  done at: %s\n", st.DoneAt.Format(time.RFC3339))
	}
	return exitOK
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
