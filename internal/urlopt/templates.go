package urlopt

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"

	"github.com/smskit/sms"
)

// maxTemplatesFile bounds the templates file read.
const maxTemplatesFile = 4 << 20

// templateJSON is one template as a templates file spells it.
type templateJSON struct {
	Name  string            `json:"name"`
	Kind  string            `json:"kind"`
	Text  string            `json:"text"`
	Codes map[string]string `json:"codes"`
	Signs map[string]string `json:"signs"`
}

// Templates reads the templates file the parameter "templates" names, or
// returns nil when there is none. The file is a JSON array of objects with
// the fields of sms.Template in lower case, Kind spelled as
// sms.TemplateKind.String spells it:
//
//	[{"name": "login_code", "kind": "verification",
//	  "text": "Your code is ${code}.",
//	  "codes": {"aliyun": "SMS_123456789"}, "signs": {"aliyun": "smskit"}}]
//
// Unknown fields are errors. Errors name the file and the template, never
// a template's text, code or sign.
func Templates(q *Query) []sms.Template {
	path := q.String("templates")
	if path == "" || q.err != nil {
		return nil
	}
	ts, reason := readTemplates(path)
	if reason != "" {
		q.fail("templates", "names a file that "+reason)
		return nil
	}
	return ts
}

func readTemplates(path string) ([]sms.Template, string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "cannot be read (" + sms.Quote(path) + ")"
	}
	if len(data) > maxTemplatesFile {
		return nil, "is larger than 4 MiB"
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var list []templateJSON
	if err := dec.Decode(&list); err != nil {
		return nil, "is not a JSON array of templates with the fields name, kind, text, codes, signs"
	}
	ts := make([]sms.Template, 0, len(list))
	for i, t := range list {
		kind, ok := sms.ParseTemplateKind(t.Kind)
		if !ok {
			name := t.Name
			if name == "" {
				name = "#" + strconv.Itoa(i+1)
			}
			return nil, "gives template " + sms.Quote(name) + " no kind among verification, notification, promotion, international"
		}
		ts = append(ts, sms.Template{Name: t.Name, Kind: kind, Text: t.Text, Codes: t.Codes, Signs: t.Signs})
	}
	return ts, ""
}
