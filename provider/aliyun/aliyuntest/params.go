package aliyuntest

import (
	"io"
	"mime"
	"net/http"
	"net/url"
)

// maxBodyBytes bounds a form body. SendSms with 1000 numbers is about 20 KB.
const maxBodyBytes = 1 << 20

// readParams merges the query string and, for a form-encoded body, the body
// parameters, as Aliyun does. A parameter given twice is rejected: the
// signature covers every value but an action reads one.
func readParams(r *http.Request) (url.Values, *apiError) {
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The query string is not well formed."}
	}
	if r.Body != nil && isForm(r.Header.Get("Content-Type")) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		if err != nil {
			return nil, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The request body could not be read."}
		}
		if len(body) > maxBodyBytes {
			return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: codeInvalidParameter, message: "The request body is too large."}
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The request body is not well formed."}
		}
		for k, vs := range form {
			params[k] = append(params[k], vs...)
		}
	}
	for k, vs := range params {
		if len(vs) > 1 {
			return params, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The parameter " + k + " is given more than once."}
		}
	}
	return params, nil
}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}
