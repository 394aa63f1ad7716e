// Command smskit sends one SMS, or asks what became of one, from a shell:
// to check credentials, a sign and a template before an application uses
// them.
//
//	smskit send --url dryrun:// --to +8613800138000 --template login_code --param code=123456
//	smskit status --url "$SMSKIT_URL" --id 123456789^0 --to +8613800138000
//
// The sender is opened from a URL (sms.OpenSender; --url or the SMSKIT_URL
// environment variable): aliyun://, twilio:// or dryrun://. Output is for
// people by default and JSON with --json. Nothing smskit prints holds a
// credential, a param value, a body or a whole phone number.
//
// Exit codes:
//
//	0  success
//	1  another failure (a status query that failed, an unexpected error)
//	2  usage or invalid input: bad flags, a bad URL, options the provider
//	   refuses, a message it refuses before sending (InvalidArgument)
//	3  not accepted: the provider definitely did not accept the message
//	   (permission denied, quota, rate limited, unavailable); nothing was sent
//	4  may have been accepted: the message may reach the phone; do not send
//	   it again blindly
//
//	5  (verify check only) the check was made and the code was not approved:
//	   wrong code, expired, too many attempts or not found
//
// "smskit verify start|check" sends a verification code and checks one
// through a hosted verifier opened from a URL (verify.OpenVerifier; --url
// or SMSKIT_VERIFY_URL): aliyunverify:// or twilioverify://.
//
// "smskit inbox" runs the staging inbox (package inbox). The command bulk
// is reserved for later work (the bulk issue); it prints that it is not
// built yet and exits with code 2.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	_ "github.com/smskit/sms/dryrun"                       // dryrun://
	_ "github.com/smskit/sms/provider/alidayu"             // alidayu://
	_ "github.com/smskit/sms/provider/aliyun"              // aliyun://
	_ "github.com/smskit/sms/provider/aliyun/aliyunintl"   // aliyun-intl://
	_ "github.com/smskit/sms/provider/aliyun/aliyunverify" // aliyunverify://
	_ "github.com/smskit/sms/provider/aliyun/aliyunvoice"  // aliyun-voice://
	_ "github.com/smskit/sms/provider/tencent"             // tencent://
	_ "github.com/smskit/sms/provider/twilio"              // twilio://
	_ "github.com/smskit/sms/provider/twilio/twilioverify" // twilioverify://
)

// The exit codes, by class of error.
const (
	exitOK            = 0
	exitOther         = 1
	exitUsage         = 2
	exitNotAccepted   = 3
	exitMayBeAccepted = 4
	exitNotApproved   = 5
)

// envURL is the environment variable that supplies --url.
const envURL = "SMSKIT_URL"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env env, args []string) int
	// later names the work that will build a reserved command.
	later string
}

// env is what a command reads and writes besides its arguments.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

var commands = []command{
	{name: "send", summary: "send one SMS", run: runSend},
	{name: "status", summary: "ask for the delivery status of a sent message", run: runStatus},
	{name: "schemes", summary: "list the URL schemes this binary can open", run: runSchemes},
	{name: "verify", summary: "send a verification code or check one (verify start|check|schemes)", run: runVerify},
	{name: "inbox", summary: "run the staging inbox (Aliyun- and Twilio-compatible, with a web UI)", run: runInbox},
	{name: "bulk", summary: "send one template to many recipients", later: "bulk sending (issue #15)"},
}

// run runs the command args name and returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run(ctx, append(args[1:], "--help"), getenv, stdin, stdout, stderr)
		}
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		if c.run == nil {
			fmt.Fprintf(stderr, "smskit %s: not built yet: it waits for %s.\n", c.name, c.later)
			return exitUsage
		}
		return c.run(ctx, e, args[1:])
	}
	fmt.Fprintf(stderr, "smskit: unknown command %s; run \"smskit help\"\n", quoteName(name))
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `smskit sends one SMS, or asks what became of one, through the provider a URL names.

Usage:
  smskit <command> [flags]

Commands:
`)
	for _, c := range commands {
		s := c.summary
		if c.run == nil {
			s += " (not built yet)"
		}
		fmt.Fprintf(w, "  %-8s %s\n", c.name, s)
	}
	fmt.Fprint(w, `
Run "smskit <command> --help" for a command's flags.

The sender's URL comes from --url or the SMSKIT_URL environment variable:
  dryrun://                                   check the message, send nothing
  aliyun://?sign=NAME&region=cn-hangzhou      credentials from the Aliyun SDK's chain
  aliyun://KEY_ID:SECRET@default?sign=NAME
  twilio://default?from=+15005550006          credentials from TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN
  twilio://SID:TOKEN@default?from=+15005550006

The verifier's URL (smskit verify) comes from --url or SMSKIT_VERIFY_URL:
  aliyunverify://KEY_ID:SECRET@default?sign=NAME&template=SMS_123456789
  twilioverify://SID:TOKEN@default?service=VA...

Exit codes: 0 ok, 1 other failure, 2 usage or invalid input,
3 not accepted (nothing was sent), 4 may have been accepted (do not resend blindly),
5 (verify check) the code was not approved.
`)
}
