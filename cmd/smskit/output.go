package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/smskit/sms"
)

// exitCode classifies err for the exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, sms.ErrInvalidOptions) {
		return exitUsage
	}
	e, ok := errors.AsType[*sms.Error](err)
	switch {
	case !ok:
		return exitOther
	case !e.NotAccepted:
		return exitMayBeAccepted
	case e.Code == sms.InvalidArgument:
		return exitUsage
	}
	return exitNotAccepted
}

// errorJSON is an error as --json prints it.
type errorJSON struct {
	// Class is "invalid", "not_accepted", "may_have_been_accepted" or
	// "other", as the exit code says.
	Class        string `json:"class"`
	Code         string `json:"code,omitempty"`
	NotAccepted  bool   `json:"not_accepted"`
	Provider     string `json:"provider,omitempty"`
	ProviderCode string `json:"provider_code,omitempty"`
	RequestID    string `json:"request_id,omitempty"`
	RetryAfter   string `json:"retry_after,omitempty"`
	Message      string `json:"message"`
}

var classNames = map[int]string{
	exitUsage:         "invalid",
	exitNotAccepted:   "not_accepted",
	exitMayBeAccepted: "may_have_been_accepted",
	exitOther:         "other",
}

// newErrorJSON describes err. Its Message is err.Error(): an *sms.Error's
// and an *sms.OptionsError's text never hold secrets or personal data.
func newErrorJSON(err error) *errorJSON {
	j := &errorJSON{Class: classNames[exitCode(err)], Message: err.Error()}
	if e, ok := errors.AsType[*sms.Error](err); ok {
		j.Code = e.Code.String()
		j.NotAccepted = e.NotAccepted
		j.Provider = e.Provider
		j.ProviderCode = e.ProviderCode
		j.RequestID = e.RequestID
		if e.RetryAfter > 0 {
			j.RetryAfter = sms.RoundDuration(e.RetryAfter).String()
		}
	}
	return j
}

// fail reports err, for people or as JSON, and returns its exit code.
func fail(e env, command string, asJSON bool, err error) int {
	return failSaying(e, command, asJSON, err,
		"The message was not accepted: nothing was sent.",
		"The message may have been accepted: check its status before sending it again.")
}

// failSaying is fail with the sentences that explain exit codes 3 and 4
// to people.
func failSaying(e env, command string, asJSON bool, err error, notAccepted, mayBeAccepted string) int {
	code := exitCode(err)
	if asJSON {
		writeJSON(e.stdout, struct {
			OK    bool       `json:"ok"`
			Error *errorJSON `json:"error"`
		}{false, newErrorJSON(err)})
		return code
	}
	fmt.Fprintf(e.stderr, "smskit %s: %v\n", command, err)
	switch code {
	case exitNotAccepted:
		fmt.Fprintln(e.stderr, notAccepted)
	case exitMayBeAccepted:
		fmt.Fprintln(e.stderr, mayBeAccepted)
	}
	return code
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
