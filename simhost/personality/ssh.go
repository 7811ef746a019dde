package personality

import "strings"

// SSHServer is what the release's sshd offers in its key exchange and accepts
// in authentication, in sshd's own order, as `sshd -T` prints it on that
// release with its stock configuration. The simulated host offers the part of
// each list golang.org/x/crypto/ssh can speak (see simhost's algorithms.go).
type SSHServer struct {
	KexAlgorithms []string
	// HostKeys are the key types of /etc/ssh/ssh_host_*_key: "rsa", "ecdsa"
	// (nistp256), "ed25519", in sshd's HostKey order.
	HostKeys []string
	// KeyFiles are the types whose ssh_host_TYPE_key and .pub files the
	// install left in /etc/ssh (Debian: `ssh-keygen -A` at first boot, which
	// still makes DSA before OpenSSH 9.0). None where no install was captured.
	KeyFiles []string
	// HostKeyAlgorithms are the signature algorithms sshd signs the exchange
	// with, for the host keys it has.
	HostKeyAlgorithms []string
	Ciphers           []string
	MACs              []string
	// PubkeyAcceptedAlgorithms are the signature algorithms a client's key may
	// use (OpenSSH 8.8 and later leave out SHA-1 "ssh-rsa").
	PubkeyAcceptedAlgorithms []string
	// AuthMethods is the order in which sshd lists the methods that may
	// continue after a failed attempt (`Permission denied (publickey,password).`);
	// the host lists those it has configured in this order.
	AuthMethods []string
}

func list(s string) []string { return strings.Split(s, ",") }

// openSSH92Debian is `sshd -T` in a Debian 12 container (openssh-server
// 1:9.2p1-2+deb12u*), with the rsa, ecdsa and ed25519 host keys ssh-keygen -A makes.
var openSSH92Debian = SSHServer{
	KexAlgorithms:            list("sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256"),
	HostKeys:                 []string{"rsa", "ecdsa", "ed25519"},
	KeyFiles:                 []string{"rsa", "ecdsa", "ed25519"},
	HostKeyAlgorithms:        list("rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519"),
	Ciphers:                  list("chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com"),
	MACs:                     list("umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1"),
	PubkeyAcceptedAlgorithms: list("ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"),
	AuthMethods:              openSSHAuthMethods,
}

// openSSHAuthMethods is OpenSSH's order (auth2.c's authmethods table):
// `Permission denied (publickey,password).` in a Debian container.
var openSSHAuthMethods = list("publickey,gssapi-with-mic,password,keyboard-interactive")

// openSSH84Debian is `sshd -T` in a Debian 11 container (1:8.4p1-5+deb11u*):
// no sntrup761 yet, and SHA-1 "ssh-rsa" still accepted and signed with.
var openSSH84Debian = SSHServer{
	KexAlgorithms:            list("curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256"),
	HostKeys:                 []string{"rsa", "ecdsa", "ed25519"},
	KeyFiles:                 []string{"dsa", "rsa", "ecdsa", "ed25519"},
	HostKeyAlgorithms:        list("rsa-sha2-512,rsa-sha2-256,ssh-rsa,ecdsa-sha2-nistp256,ssh-ed25519"),
	Ciphers:                  openSSH92Debian.Ciphers,
	MACs:                     openSSH92Debian.MACs,
	PubkeyAcceptedAlgorithms: list("ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-rsa-cert-v01@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,ssh-ed25519,sk-ssh-ed25519@openssh.com,rsa-sha2-512,rsa-sha2-256,ssh-rsa"),
	AuthMethods:              openSSHAuthMethods,
}

// openSSH74RHEL is RHEL 7's OpenSSH 7.4 defaults as its sshd_config(5) lists
// them (RHEL keeps the CBC ciphers upstream dropped), written from the
// documentation: no RHEL container exists here. SHA-1 exchanges and "ssh-rsa" are in.
var openSSH74RHEL = SSHServer{
	KexAlgorithms:            list("curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1,diffie-hellman-group14-sha256,diffie-hellman-group14-sha1"),
	HostKeys:                 []string{"rsa", "ecdsa", "ed25519"},
	HostKeyAlgorithms:        list("rsa-sha2-512,rsa-sha2-256,ssh-rsa,ecdsa-sha2-nistp256,ssh-ed25519"),
	Ciphers:                  list("chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-cbc,aes192-cbc,aes256-cbc,blowfish-cbc,cast128-cbc,3des-cbc"),
	MACs:                     openSSH92Debian.MACs,
	PubkeyAcceptedAlgorithms: list("ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,ssh-ed25519-cert-v01@openssh.com,ssh-rsa-cert-v01@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-ed25519,rsa-sha2-512,rsa-sha2-256,ssh-rsa"),
	// RHEL's sshd lists gssapi-keyex and gssapi-with-mic after publickey
	// (GSSAPIAuthentication yes); x/crypto has no gssapi-keyex, and the host
	// configures no GSSAPI, so a refusal reads (publickey,password).
	AuthMethods: openSSHAuthMethods,
}

// sunSSH114 is Solaris 10's Sun_SSH 1.1.4 (OpenSSH 3.x lineage), from its
// sshd_config(4): SHA-1 group exchanges, CBC and arcfour ciphers, SHA-1 and MD5
// MACs, RSA and DSA host keys. They are offered first; the SHA-2 algorithms
// after them are the lab's, not Sun's, kept so that today's clients (OpenSSH
// 7.0 and later, the Go client) still connect without options, as a user of
// the lab expects; a real Sun_SSH 1.1.4 needs e.g. -o KexAlgorithms=+diffie-hellman-group1-sha1.
var sunSSH114 = SSHServer{
	KexAlgorithms:            list("diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,curve25519-sha256,ecdh-sha2-nistp256,diffie-hellman-group14-sha256"),
	HostKeys:                 []string{"rsa", "dsa"},
	HostKeyAlgorithms:        list("ssh-rsa,ssh-dss,rsa-sha2-256,rsa-sha2-512"),
	Ciphers:                  list("aes128-ctr,aes192-ctr,aes256-ctr,arcfour128,arcfour256,arcfour,aes128-cbc,aes192-cbc,aes256-cbc,blowfish-cbc,3des-cbc"),
	MACs:                     list("hmac-sha1,hmac-sha1-96,hmac-md5,hmac-md5-96,hmac-sha2-256"),
	PubkeyAcceptedAlgorithms: list("ssh-rsa,ssh-dss,rsa-sha2-256,rsa-sha2-512,ssh-ed25519,ecdsa-sha2-nistp256"),
	// Sun_SSH lists the GSS-API methods first, then OpenSSH's order.
	AuthMethods: list("gssapi-with-mic,publickey,password,keyboard-interactive"),
}

// sshdProfiles are the sshd releases a personality's data file may name
// (its "sshd" field).
var sshdProfiles = map[string]SSHServer{
	"openssh-9.2-debian": openSSH92Debian,
	"openssh-8.4-debian": openSSH84Debian,
	"openssh-7.4-rhel":   openSSH74RHEL,
	"sun-ssh-1.1.4":      sunSSH114,
}
