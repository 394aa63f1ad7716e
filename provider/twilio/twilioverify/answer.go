package twilioverify

import (
	"encoding/json"
	"net/netip"
	"time"
)

// resource is the part of Twilio's Verification and VerificationCheck
// resources the Verifier reads. It checks the SID's format and knows the
// statuses; it copies nothing else.
type resource struct {
	SID              *string           `json:"sid"`
	Status           *string           `json:"status"`
	SendCodeAttempts []json.RawMessage `json:"send_code_attempts"`
	DateCreated      *string           `json:"date_created"`
}

// created returns the resource's date_created, an ISO 8601 date, or false.
func (r *resource) created() (time.Time, bool) {
	if r.DateCreated == nil || len(*r.DateCreated) > 64 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, *r.DateCreated)
	return t, err == nil
}

// What a 2xx answer must hold, for FromAnswer's text.
const (
	aVerification = "a verification with a valid SID"
	aCheck        = "a verification check with a valid SID and status"
)

// validCode reports whether code can be a Twilio code: 4 to 10 ASCII
// letters or digits.
func validCode(code string) bool {
	if len(code) < 4 || len(code) > 10 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// isIP reports whether key is an IPv4 or IPv6 address, which Twilio takes
// as DeviceIp.
func isIP(key string) bool {
	if key == "" || len(key) > 64 {
		return false
	}
	_, err := netip.ParseAddr(key)
	return err == nil
}
