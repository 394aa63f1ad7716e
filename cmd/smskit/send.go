package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/smskit/sms"
)

const sendHelp = `Usage: smskit send [flags]

Send one SMS through the sender a URL names, and print the provider's ids.

  smskit send --url dryrun:// --to +8613800138000 --template login_code --param code=123456
  SMSKIT_URL='aliyun://?sign=smskit' smskit send --to 13800138000 --template SMS_154950909 --param code=4821
  smskit send --url 'twilio://default?from=+15005550006' --to +14155550100 --body 'Hello'

Flags:
  --url URL          the sender's URL (default: $SMSKIT_URL): dryrun://, aliyun://..., twilio://...
  --to NUMBER        the recipient, in E.164 (+8613800138000) or a national form (required)
  --template NAME    a declared template's name, or the provider's template code
                     when the URL declares no templates (Aliyun: SMS_123456789)
  --param NAME=VALUE a template parameter; repeat for each (--param code=123456)
  --body TEXT        the text, for body-based providers (Twilio) without a template
  --sign NAME        the sign name (Aliyun) or sender (Twilio) instead of the URL's
  --reference REF    a reference echoed in delivery receipts (Aliyun OutId)
  --timeout D        give up after D (default 30s); a send cut short may have been accepted
  --json             print the result as JSON, for scripts
  --help             print this help

Output: the provider, the message id (for "smskit status --id") and the request id.
Nothing printed holds a credential, a parameter value, the body or the whole number.

Exit codes: 0 sent (or accepted by dryrun), 2 usage or invalid input,
3 not accepted (nothing was sent; fix and retry), 4 may have been accepted
(check "smskit status" before sending again), 1 other failure.
`

// sendFlags are the flags of send.
type sendFlags struct {
	url, to, template, body, sign, reference string
	params                                   params
	timeout                                  time.Duration
	json                                     bool
}

func runSend(ctx context.Context, e env, args []string) int {
	var f sendFlags
	fs := newFlagSet("send")
	fs.StringVar(&f.url, "url", "", "")
	fs.StringVar(&f.to, "to", "", "")
	fs.StringVar(&f.template, "template", "", "")
	fs.Var(&f.params, "param", "")
	fs.StringVar(&f.body, "body", "", "")
	fs.StringVar(&f.sign, "sign", "", "")
	fs.StringVar(&f.reference, "reference", "", "")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "")
	fs.BoolVar(&f.json, "json", false, "")
	if code, done := parseCommand(fs, args, e, sendHelp); done {
		return code
	}
	switch {
	case f.params.problem != "":
		return usageError(e, fs, f.params.problem)
	case f.to == "":
		return usageError(e, fs, "--to is required")
	case f.template == "" && f.body == "":
		return usageError(e, fs, "--template or --body is required")
	case f.timeout <= 0:
		return usageError(e, fs, "--timeout must be positive")
	}
	sender, code, ok := open(ctx, e, fs, "send", f.url, f.json)
	if !ok {
		return code
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	msg := sms.Message{To: f.to, Template: f.template, Params: f.params.values, Body: f.body, Sign: f.sign, Reference: f.reference}
	res, err := sender.Send(ctx, msg)
	if err != nil {
		return fail(e, "send", f.json, err)
	}
	if f.json {
		writeJSON(e.stdout, struct {
			OK        bool   `json:"ok"`
			Provider  string `json:"provider"`
			MessageID string `json:"message_id"`
			RequestID string `json:"request_id,omitempty"`
			To        string `json:"to"`
			DryRun    bool   `json:"dry_run"`
		}{true, res.Provider, res.MessageID, res.RequestID, sms.MaskPhone(f.to), res.DryRun})
		return exitOK
	}
	verb := "Sent"
	if res.DryRun {
		verb = "Dry run: accepted, not sent,"
	}
	fmt.Fprintf(e.stdout, "%s to %s by %s.\n  message id: %s\n", verb, sms.MaskPhone(f.to), res.Provider, res.MessageID)
	if res.RequestID != "" {
		fmt.Fprintf(e.stdout, "  request id: %s\n", res.RequestID)
	}
	return exitOK
}

// parseCommand parses a command's flags; done is true when the command
// should end with code (help printed, or bad flags).
func parseCommand(fs *flag.FlagSet, args []string, e env, help string) (code int, done bool) {
	switch err := parse(fs, args, e, help); {
	case err == errHelp:
		return exitOK, true
	case err != nil:
		return exitUsage, true
	}
	return 0, false
}

// usageError prints problem and a hint, and returns exitUsage.
func usageError(e env, fs *flag.FlagSet, problem string) int {
	fmt.Fprintf(e.stderr, "%s: %s\nRun \"%s --help\" for usage.\n", fs.Name(), problem, fs.Name())
	return exitUsage
}

// open opens the sender that rawURL, or else SMSKIT_URL, names.
func open(ctx context.Context, e env, fs *flag.FlagSet, command, rawURL string, asJSON bool) (sms.Sender, int, bool) {
	if rawURL == "" {
		rawURL = e.getenv(envURL)
	}
	if rawURL == "" {
		return nil, usageError(e, fs, "--url or "+envURL+" is required, such as --url dryrun://"), false
	}
	sender, err := sms.OpenSender(ctx, rawURL)
	if err != nil {
		return nil, fail(e, command, asJSON, err), false
	}
	return sender, 0, true
}
