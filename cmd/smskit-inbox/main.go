// Command smskit-inbox runs the smskit staging SMS inbox: one port that any
// Aliyun (Dysmsapi, RPC or V3 signature) or Twilio (Messages API) SDK can
// send to, with a web UI at /ui/ and a JSON API under /api/v1/. See package
// github.com/smskit/sms/inbox.
//
//	go run github.com/smskit/sms/cmd/smskit-inbox -addr 127.0.0.1:4280
//
// The basic-auth password is read from the environment variable
// SMSKIT_INBOX_PASSWORD, never from a flag, so that it stays out of process
// listings.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/smskit/sms/inbox"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "smskit-inbox:", err)
		os.Exit(1)
	}
}

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

func run(args []string) error {
	fs := flag.NewFlagSet("smskit-inbox", flag.ContinueOnError)
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
	if err := fs.Parse(args); err != nil {
		return err
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
		cfg.BasicAuth.Password = os.Getenv("SMSKIT_INBOX_PASSWORD")
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
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return inbox.Run(ctx, cfg)
}
