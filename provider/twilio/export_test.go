package twilio

import (
	"slices"

	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// MappedCodes returns the Twilio error codes the Sender maps, sorted, for
// tests that must cover each.
func MappedCodes() []int {
	out := wire.MappedCodes()
	slices.Sort(out)
	return out
}
