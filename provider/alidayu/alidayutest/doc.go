// Package alidayutest runs an emulator of the legacy Alidayu TOP gateway's
// alibaba.aliqin.fc.sms.num.send on a loopback port, for tests of package
// alidayu and of code that uses it.
//
// The emulator checks what the gateway checks before it takes a message:
//
//   - the common parameters (method, app_key, timestamp, format=json,
//     v=2.0, sign_method) and the signature, by both methods, md5 and hmac
//     (see Sign), exactly: 32 upper-case hexadecimal digits over every
//     parameter of the query and the form body;
//   - the timestamp, in China time, within MaxSkew of its clock
//     (Options.Now);
//   - the business parameters: sms_type=normal, rec_num (1 to 200 mainland
//     mobile numbers), an approved template and sign, sms_param a JSON
//     object holding every variable of the template;
//   - per-number frequency limits (Limits), on its clock.
//
// Errors are answered as the gateway answers them, HTTP 200 with an
// error_response: a top-level code (25 Invalid signature, 29 Invalid app
// Key, 31 Invalid timestamp, ...) or code 15 with an isv. sub_code.
//
// Faults (QueueFault, SetFaults, ClearFaults) act out what the emulator
// cannot otherwise produce: an isp. outage, throttling, a gateway's HTML
// page, a dropped connection, an answer lost after the message was taken,
// a request held in flight. Messages, Accepted and Requests inspect what
// arrived.
package alidayutest
