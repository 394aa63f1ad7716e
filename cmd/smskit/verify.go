package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
)

// envVerifyURL is the environment variable that supplies verify's --url.
const envVerifyURL = "SMSKIT_VERIFY_URL"

const verifyHelp = `Usage: smskit verify start|check|schemes [flags]

Send a verification code to a number, or check the code its owner typed,
through a hosted verifier a URL names: Aliyun's Dypnsapi (aliyunverify://)
or Twilio Verify (twilioverify://). The provider makes, sends and keeps the
code; smskit never sees it on "start".

  smskit verify start --url 'twilioverify://SID:TOKEN@default?service=VA...' --to +14155550100 --purpose login
  smskit verify check --url 'twilioverify://SID:TOKEN@default?service=VA...' --to +14155550100 --purpose login --code 123456
  SMSKIT_VERIFY_URL='aliyunverify://?sign=NAME&template=SMS_123456789' smskit verify start --to 13912345678

Commands:
  start     send a code (smskit verify start --help)
  check     check a code (smskit verify check --help)
  schemes   list the verifier URL schemes this binary can open

Only hosted verifiers can be opened. The local backend (package verify)
keeps its codes in the memory of the process that sent them, so a code
started by one smskit run would be unknown to the next: an application that
uses the local backend checks its codes itself (with a shared store across
its instances). Nor does smskit apply verify.Guard's limits, which would
not outlive one run either: the provider's own limits apply (Aliyun caps no
attempts per code).

Exit codes: 0 sent (start) or approved (check), 2 usage or invalid input,
3 not accepted (nothing was sent or checked), 4 may have been accepted,
5 (check) not approved: wrong code, expired, too many attempts or not found,
1 other failure.
`

const verifyStartHelp = `Usage: smskit verify start [flags]

Send a verification code through the hosted verifier a URL names, and print
the verification's id, expiry and earliest resend.

  smskit verify start --url 'twilioverify://SID:TOKEN@default?service=VA...' --to +14155550100
  SMSKIT_VERIFY_URL='aliyunverify://?sign=NAME&template=SMS_123456789' smskit verify start --to 13912345678 --json

Flags:
  --url URL       the verifier's URL (default: $SMSKIT_VERIFY_URL): aliyunverify://..., twilioverify://...
                  (hosted verifiers only: the local backend keeps its codes in process memory)
  --to NUMBER     the recipient, in E.164 (+8613800138000) or a national form (required)
  --purpose NAME  the verification's purpose, such as login (default: "default";
                  twilioverify: a purpose the URL's services= maps to a Service)
  --timeout D     give up after D (default 30s); a start cut short may have sent a code
  --json          print the result as JSON, for scripts
  --help          print this help

Nothing printed holds a credential, the code or the whole number.

Exit codes: 0 sent, 2 usage or invalid input, 3 not accepted (no code was
sent; rate limits included), 4 may have been accepted (the code may still
arrive: do not start again at once), 1 other failure.
`

const verifyCheckHelp = `Usage: smskit verify check [flags]

Check a code against the pending verification of a number and purpose, and
print the outcome: approved, wrong code, expired, too many attempts or not
found.

  smskit verify check --url 'twilioverify://SID:TOKEN@default?service=VA...' --to +14155550100 --code 123456
  read -s CODE; echo "$CODE" | smskit verify check --to 13912345678 --code -

Flags:
  --url URL       the verifier's URL (default: $SMSKIT_VERIFY_URL): aliyunverify://..., twilioverify://...
                  (hosted verifiers only: the local backend keeps its codes in process memory)
  --to NUMBER     the recipient, as given to "smskit verify start" (required)
  --purpose NAME  the purpose given to "smskit verify start" (default: "default")
  --code CODE     the code to check (required); "-" reads it from standard input,
                  which keeps it out of the shell's history and the process list
  --timeout D     give up after D (default 30s)
  --json          print the outcome as JSON, for scripts ("approved": true or false)
  --help          print this help

Each check spends one of the verification's attempts (Twilio allows 5; Aliyun
caps none). Nothing printed holds a credential, the code or the whole number.

Exit codes: 0 approved, 5 not approved (wrong code, expired, too many attempts,
not found), 2 usage or invalid input, 3 not accepted (the check was not made),
4 may have been accepted (the check may have been made: an attempt may be
spent, and a right code may have approved the verification), 1 other failure.
`

const verifySchemesHelp = `Usage: smskit verify schemes

List the verifier URL schemes this binary can open (verify's --url and SMSKIT_VERIFY_URL).
`

// The sentences that explain exit codes 3 and 4 after a failed start or
// check.
const (
	startNotAccepted   = "The code was not accepted: nothing was sent."
	startMayBeAccepted = "The code may have been accepted and may still arrive: do not start again at once."
	checkNotAccepted   = "The check was not made: no attempt was spent."
	checkMayBeAccepted = "The check may have been made: an attempt may be spent, and a right code may have approved the verification."
)

func runVerify(ctx context.Context, e env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, verifyHelp)
		return exitUsage
	}
	switch args[0] {
	case "start":
		return runVerifyStart(ctx, e, args[1:])
	case "check":
		return runVerifyCheck(ctx, e, args[1:])
	case "schemes":
		fs := newFlagSet("verify schemes")
		if code, done := parseCommand(fs, args[1:], e, verifySchemesHelp); done {
			return code
		}
		fmt.Fprintln(e.stdout, strings.Join(verify.Schemes(), "\n"))
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, verifyHelp)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "smskit verify: unknown command %s; it is start, check or schemes\nRun \"smskit verify --help\" for usage.\n", quoteName(args[0]))
	return exitUsage
}

// verifyFlags are the flags start and check share.
type verifyFlags struct {
	url, to, purpose string
	timeout          time.Duration
	json             bool
}

func (f *verifyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "url", "", "")
	fs.StringVar(&f.to, "to", "", "")
	fs.StringVar(&f.purpose, "purpose", "", "")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "")
	fs.BoolVar(&f.json, "json", false, "")
}

// problem returns what is wrong with the shared flags, or "".
func (f *verifyFlags) problem() string {
	switch {
	case f.to == "":
		return "--to is required"
	case f.timeout <= 0:
		return "--timeout must be positive"
	}
	return ""
}

// purposeOf is the purpose as printed.
func (f *verifyFlags) purposeOf() string {
	if f.purpose == "" {
		return verify.DefaultPurpose
	}
	return f.purpose
}

func runVerifyStart(ctx context.Context, e env, args []string) int {
	var f verifyFlags
	fs := newFlagSet("verify start")
	f.register(fs)
	if code, done := parseCommand(fs, args, e, verifyStartHelp); done {
		return code
	}
	if p := f.problem(); p != "" {
		return usageError(e, fs, p)
	}
	v, code, ok := openVerifier(ctx, e, fs, "verify start", f.url, f.json)
	if !ok {
		return code
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	ver, err := v.Start(ctx, verify.Request{To: f.to, Purpose: f.purpose})
	if err != nil {
		return failSaying(e, "verify start", f.json, err, startNotAccepted, startMayBeAccepted)
	}
	if f.json {
		writeJSON(e.stdout, struct {
			OK             bool   `json:"ok"`
			Provider       string `json:"provider"`
			VerificationID string `json:"verification_id"`
			RequestID      string `json:"request_id,omitempty"`
			To             string `json:"to"`
			Purpose        string `json:"purpose"`
			Expires        string `json:"expires,omitempty"`
			ResendAfter    string `json:"resend_after,omitempty"`
			Sends          int    `json:"sends,omitempty"`
		}{true, ver.Result.Provider, ver.ID, ver.Result.RequestID, sms.MaskPhone(f.to), f.purposeOf(),
			timeJSON(ver.Expires), timeJSON(ver.ResendAfter), ver.Sends})
		return exitOK
	}
	fmt.Fprintf(e.stdout, "Code sent to %s by %s, purpose %s.\n  verification id: %s\n",
		sms.MaskPhone(f.to), ver.Result.Provider, sms.Quote(f.purposeOf()), ver.ID)
	if ver.Result.RequestID != "" {
		fmt.Fprintf(e.stdout, "  request id: %s\n", ver.Result.RequestID)
	}
	now := time.Now()
	if !ver.Expires.IsZero() {
		fmt.Fprintf(e.stdout, "  expires: %s (in %s)\n", ver.Expires.Format(time.RFC3339), sms.RoundDuration(ver.Expires.Sub(now)))
	}
	if !ver.ResendAfter.IsZero() && ver.ResendAfter.After(now) {
		fmt.Fprintf(e.stdout, "  resend after: %s (in %s)\n", ver.ResendAfter.Format(time.RFC3339), sms.RoundDuration(ver.ResendAfter.Sub(now)))
	}
	return exitOK
}

func runVerifyCheck(ctx context.Context, e env, args []string) int {
	var f verifyFlags
	var code string
	fs := newFlagSet("verify check")
	f.register(fs)
	fs.StringVar(&code, "code", "", "")
	if c, done := parseCommand(fs, args, e, verifyCheckHelp); done {
		return c
	}
	if p := f.problem(); p != "" {
		return usageError(e, fs, p)
	}
	if code == "-" {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError(e, fs, "--code - found no code on standard input")
		}
		code = strings.TrimSpace(line)
	}
	if code == "" {
		return usageError(e, fs, "--code is required (\"-\" reads it from standard input)")
	}
	v, c, ok := openVerifier(ctx, e, fs, "verify check", f.url, f.json)
	if !ok {
		return c
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	out, err := v.Check(ctx, verify.Check{To: f.to, Purpose: f.purpose, Code: code})
	if err != nil {
		return failSaying(e, "verify check", f.json, err, checkNotAccepted, checkMayBeAccepted)
	}
	exit := exitOK
	if !out.Approved() {
		exit = exitNotApproved
	}
	if f.json {
		var left *int
		if out.Status == verify.WrongCode && out.AttemptsLeft >= 0 {
			left = &out.AttemptsLeft
		}
		writeJSON(e.stdout, struct {
			OK           bool   `json:"ok"`
			Approved     bool   `json:"approved"`
			Status       string `json:"status"`
			AttemptsLeft *int   `json:"attempts_left,omitempty"`
			To           string `json:"to"`
			Purpose      string `json:"purpose"`
		}{true, out.Approved(), strings.ReplaceAll(out.Status.String(), " ", "_"), left, sms.MaskPhone(f.to), f.purposeOf()})
		return exit
	}
	fmt.Fprintf(e.stdout, "%s: %s, purpose %s.\n", sms.MaskPhone(f.to), out, sms.Quote(f.purposeOf()))
	return exit
}

// timeJSON is t in RFC 3339, or "" when zero.
func timeJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// openVerifier opens the verifier that rawURL, or else SMSKIT_VERIFY_URL,
// names.
func openVerifier(ctx context.Context, e env, fs *flag.FlagSet, command, rawURL string, asJSON bool) (verify.Verifier, int, bool) {
	if rawURL == "" {
		rawURL = e.getenv(envVerifyURL)
	}
	if rawURL == "" {
		return nil, usageError(e, fs, "--url or "+envVerifyURL+" is required, such as --url 'twilioverify://SID:TOKEN@default?service=VA...'"), false
	}
	v, err := verify.OpenVerifier(ctx, rawURL)
	if err != nil {
		return nil, fail(e, command, asJSON, err), false
	}
	return v, 0, true
}
