package twiliotest

import (
	"net/http"
	"strconv"
)

// apiError is Twilio's JSON shape of an error answer.
type apiError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// newError returns the error answer for a Twilio code, with text as its
// message or, when text is empty, the standard text of the code.
func newError(status, code int, text string) *apiError {
	if text == "" {
		text = standardText(code)
	}
	return &apiError{
		Code:     code,
		Message:  text,
		MoreInfo: "https://www.twilio.com/docs/errors/" + strconv.Itoa(code),
		Status:   status,
	}
}

// standardText is the emulator's text for the codes it answers with when
// there is no request-specific text.
func standardText(code int) string {
	switch code {
	case 20003:
		return "Authenticate"
	case 20004:
		return "Method not allowed"
	case 20429:
		return "Too Many Requests"
	case 20500:
		return "An internal server error has occurred"
	case 20503:
		return "Service unavailable"
	case 21602:
		return "Message body is required."
	case 21603:
		return "A 'From' phone number is required."
	case 21604:
		return "A 'To' phone number is required."
	case 21610:
		return "Attempt to send to unsubscribed recipient"
	case 21611:
		return "This 'From' number has exceeded the maximum number of queued messages"
	case 21614:
		return "'To' number is not a valid mobile number"
	case 60200:
		return "Invalid parameter"
	case 60202:
		return "Max check attempts reached"
	case 60203:
		return "Max send attempts reached"
	case 21617:
		return "The concatenated message body exceeds the 1600 character limit."
	}
	if text := http.StatusText(code - 20000); code > 20000 && text != "" {
		return text
	}
	return "Error " + strconv.Itoa(code)
}
