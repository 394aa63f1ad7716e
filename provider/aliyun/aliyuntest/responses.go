package aliyuntest

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// hostID is the HostId of every gateway error, as Aliyun reports it.
const hostID = "dysmsapi.aliyuncs.com"

// Response formats, the values of the Format parameter.
const (
	formatJSON = "JSON"
	formatXML  = "XML"
)

// responseFormat returns the format the client asked for: XML when Format is
// "XML" in any case, JSON otherwise.
func responseFormat(format string) string {
	if strings.EqualFold(format, formatXML) {
		return formatXML
	}
	return formatJSON
}

// errorBody is a gateway error, the body the SDK parses into
// *errors.ServerError.
type errorBody struct {
	XMLName   xml.Name `json:"-" xml:"Error"`
	RequestID string   `json:"RequestId" xml:"RequestId"`
	HostID    string   `json:"HostId" xml:"HostId"`
	Code      string   `json:"Code" xml:"Code"`
	Message   string   `json:"Message" xml:"Message"`
	Recommend string   `json:"Recommend" xml:"Recommend"`
}

// sendBody answers SendSms and SendBatchSms, and carries business errors of
// any action.
type sendBody struct {
	XMLName   xml.Name `json:"-"`
	RequestID string   `json:"RequestId" xml:"RequestId"`
	Code      string   `json:"Code" xml:"Code"`
	Message   string   `json:"Message" xml:"Message"`
	BizID     string   `json:"BizId,omitempty" xml:"BizId,omitempty"`
}

// reply is a response ready to be written.
type reply struct {
	status int
	body   any
}

// errorReply turns err into its response: a gateway error body for non-200
// statuses, a business error body named after action otherwise.
func errorReply(err *apiError, action, requestID string) reply {
	if err.status != http.StatusOK {
		return reply{status: err.status, body: errorBody{
			RequestID: requestID,
			HostID:    hostID,
			Code:      err.code,
			Message:   err.message,
			Recommend: "https://api.aliyun.com/troubleshoot?q=" + err.code + "&product=Dysmsapi",
		}}
	}
	return reply{status: http.StatusOK, body: sendBody{
		XMLName:   rootName(action),
		RequestID: requestID,
		Code:      err.code,
		Message:   err.message,
	}}
}

// rootName is the XML root element of action's response.
func rootName(action string) xml.Name {
	if action == "" {
		action = "Error"
	} else {
		action += "Response"
	}
	return xml.Name{Local: action}
}

// write encodes rep in format.
func (rep reply) write(w http.ResponseWriter, format string) {
	var buf bytes.Buffer
	if format == formatXML {
		buf.WriteString(`<?xml version='1.0' encoding='UTF-8'?>`)
		if err := xml.NewEncoder(&buf).Encode(rep.body); err != nil {
			panic(err) // the body types are fixed and always encodable
		}
		w.Header().Set("Content-Type", "text/xml;charset=utf-8")
	} else {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep.body); err != nil {
			panic(err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
	}
	w.Header().Set("Content-Length", fmt.Sprint(buf.Len()))
	w.WriteHeader(rep.status)
	_, _ = w.Write(buf.Bytes())
}

// newRequestID returns a random UUID in Aliyun's upper-case form,
// e.g. "F655A8D5-B967-440B-8683-DAD6FF8DE990".
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
