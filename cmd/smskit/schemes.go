package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/smskit/sms"
)

const schemesHelp = `Usage: smskit schemes

List the sender URL schemes this binary can open (--url and SMSKIT_URL).
The verifier schemes (smskit verify) are listed by "smskit verify schemes".
`

func runSchemes(_ context.Context, e env, args []string) int {
	fs := newFlagSet("schemes")
	if code, done := parseCommand(fs, args, e, schemesHelp); done {
		return code
	}
	fmt.Fprintln(e.stdout, strings.Join(sms.Schemes(), "\n"))
	return exitOK
}
