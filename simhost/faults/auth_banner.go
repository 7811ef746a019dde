package faults

// AuthBanner sends text as SSH_MSG_USERAUTH_BANNER before authentication, as
// sshd's `Banner /etc/issue.net` does. OpenSSH prints it on stderr; tools that
// treat any stderr text as failure, or merge the streams, trip on it.
type AuthBanner struct {
	Text string `json:"text" help:"the banner, sent as it is (end it with a newline)"`
}

func init() {
	Register(Type{Name: "auth-banner", Depth: Protocol, Summary: "a pre-authentication banner (SSH_MSG_USERAUTH_BANNER) of any text",
		New: func() Fault {
			return &AuthBanner{Text: "Authorized uses only. All activity may be monitored and reported.\n"}
		}})
}

// Validate checks the parameters.
func (a *AuthBanner) Validate() error {
	if err := Check(a.Text == "", "text", "is empty; remove the fault for no banner"); err != nil {
		return err
	}
	return Check(len(a.Text) > 32768, "text", "is %d bytes, more than 32768", len(a.Text))
}

// Banner is the text sent.
func (a *AuthBanner) Banner() string { return a.Text }
