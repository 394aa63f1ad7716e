package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/smskit/sms/inbox"
)

// pairs collects repeated "id:secret" flags.
type pairs map[string]string

func (p pairs) String() string { return fmt.Sprintf("%d pairs", len(p)) }

func (p pairs) Set(v string) error {
	id, secret, ok := strings.Cut(v, ":")
	if !ok || id == "" || secret == "" {
		return errors.New("want ID:SECRET")
	}
	p[id] = secret
	return nil
}

// list collects repeated flags.
type list []string

func (l *list) String() string { return strings.Join(*l, ",") }

func (l *list) Set(v string) error { *l = append(*l, v); return nil }

// inboxHelp is "smskit inbox --help"'s text, before the flags.
const inboxHelp = `Usage: smskit inbox [flags]

Run the staging SMS inbox: one port that any Aliyun (Dysmsapi and Dypnsapi,
RPC or V3 signature) or Twilio (Messages, Verify) SDK, in any language, can
send to, with a web UI at /ui/, a JSON API under /api/v1/ and Prometheus
metrics at /metrics. It listens on loopback unless -addr says otherwise; the
page holds verification codes. The basic-auth password is read from
SMSKIT_INBOX_PASSWORD, never from a flag.

  smskit inbox -permissive
  smskit inbox -addr 127.0.0.1:4280 -config inbox.json -db inbox.sqlite

Flags:
`

// errFlags says that the inbox's flags were wrong and parse said so.
var errFlags = errors.New("bad flags")

// runInbox runs the staging inbox until ctx ends (Ctrl-C).
func runInbox(ctx context.Context, e env, args []string) int {
	err := serveInbox(ctx, e, args)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errFlags):
		return exitUsage // parse said what is wrong
	}
	fmt.Fprintln(e.stderr, "smskit inbox:", err)
	return exitOther
}

// serveInbox parses the inbox's flags and serves until ctx ends.
func serveInbox(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("inbox")
	var cfg inbox.Config
	aliyunKeys, twilioAccounts := pairs{}, pairs{}
	var signs, from list
	fs.StringVar(&cfg.Addr, "addr", inbox.DefaultAddr, "listen address; anything but loopback exposes codes to the network (set -user then)")
	fs.IntVar(&cfg.MaxMessages, "max-messages", inbox.DefaultMaxMessages, "messages kept, oldest forgotten first")
	fs.DurationVar(&cfg.MaxAge, "max-age", inbox.DefaultMaxAge, "how long a message is kept")
	fs.DurationVar(&cfg.ReceiptDelay, "receipt-delay", inbox.DefaultReceiptDelay, "when an Aliyun message is reported delivered (negative: at once)")
	fs.StringVar(&cfg.Database, "db", "", "SQLite file that keeps the messages across restarts (default: memory)")
	fs.StringVar(&cfg.BasicAuth.User, "user", "", "basic-auth user for the UI and JSON API (password from SMSKIT_INBOX_PASSWORD)")
	configFile := fs.String("config", "", "JSON file of accepted keys, signs, templates and Twilio accounts (see inbox.File); flags given too override it")
	permissive := fs.Bool("permissive", false, "accept any Aliyun sign and any SMS_ template code, for a quick start")
	noLimits := fs.Bool("no-limits", false, "turn off Aliyun's per-number frequency limits (1 code a minute per sign and number, ...)")
	useTLS := fs.Bool("tls", false, "serve HTTPS (a self-signed certificate unless -tls-cert and -tls-key are given)")
	certFile := fs.String("tls-cert", "", "PEM certificate file for HTTPS")
	keyFile := fs.String("tls-key", "", "PEM key file for HTTPS")
	fs.Var(aliyunKeys, "aliyun-key", "accepted Aliyun AccessKeyId:AccessKeySecret (repeatable; default the aliyuntest test key)")
	fs.Var(&signs, "aliyun-sign", "approved Aliyun sign name (repeatable; default the aliyuntest test sign)")
	fs.Var(twilioAccounts, "twilio-account", "accepted Twilio AccountSid:AuthToken (repeatable; default the twiliotest test account)")
	fs.Var(&from, "twilio-from", "Twilio sender number every account owns (repeatable; default the twiliotest test number)")
	var defaults strings.Builder
	fs.SetOutput(&defaults)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if err := parse(fs, args, e, inboxHelp+defaults.String()); err != nil {
		if errors.Is(err, errHelp) {
			return err
		}
		return errFlags
	}
	if *configFile != "" {
		f, err := os.Open(*configFile)
		if err != nil {
			return err
		}
		err = inbox.ReadFile(f, &cfg)
		_ = f.Close()
		if err != nil {
			return err
		}
	}
	if *permissive {
		cfg.Aliyun.Permissive = true
	}
	if cfg.BasicAuth.User != "" {
		cfg.BasicAuth.Password = e.getenv("SMSKIT_INBOX_PASSWORD")
		if cfg.BasicAuth.Password == "" {
			return errors.New("-user needs the password in SMSKIT_INBOX_PASSWORD")
		}
	}
	if *useTLS || *certFile != "" || *keyFile != "" {
		cfg.TLS = &inbox.TLS{CertFile: *certFile, KeyFile: *keyFile}
	}
	if len(aliyunKeys) > 0 {
		cfg.Aliyun.Keys = aliyunKeys
	}
	cfg.Aliyun.Limits.Disabled = *noLimits
	if len(signs) > 0 {
		cfg.Aliyun.Signs = signs
	}
	if len(twilioAccounts) > 0 {
		cfg.Twilio.Accounts = twilioAccounts
	}
	if len(from) > 0 {
		cfg.Twilio.From = from
	}
	cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	return inbox.Run(ctx, cfg)
}
