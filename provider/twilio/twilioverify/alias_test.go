package twilioverify_test

import "github.com/smskit/sms/provider/twilio/twiliotest"

type (
	twiliotestRequest = twiliotest.Request
	twiliotestFault   = twiliotest.Fault
)
