package twilio

import "github.com/smskit/sms/provider/twilio/internal/wire"

// isMessageSID reports whether s is a message SID: "SM" or "MM" and 32
// hexadecimal digits. An id that is not is not Twilio's, and is never
// copied into a Result, an error or a log line.
func isMessageSID(s string) bool {
	return wire.IsSID(s, "SM") || wire.IsSID(s, "MM")
}

// resource is the part of Twilio's Message resource the Sender reads.
type resource struct {
	SID         *string `json:"sid"`
	Status      *string `json:"status"`
	ErrorCode   *int    `json:"error_code"`
	DateSent    *string `json:"date_sent"`
	DateUpdated *string `json:"date_updated"`
}

// message returns the answer as a Message resource, when it is one: a whole
// JSON object whose sid is a message SID. The SID is the only part of the
// answer that is checked; callers check the rest they read.
func message(a *wire.Answer) (resource, bool) {
	var r resource
	if !a.Decode(&r) || r.SID == nil || !isMessageSID(*r.SID) {
		return resource{}, false
	}
	return r, true
}

// aMessage is what a 2xx answer of the Messages API must hold.
const aMessage = "a message with a valid SID"
