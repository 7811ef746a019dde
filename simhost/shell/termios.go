package shell

// Termios is a terminal's settings as Linux's struct termios holds them and
// `stty -g` writes them: the input, output, control and local flag words and
// the control characters.
type Termios struct {
	Iflag, Oflag, Cflag, Lflag uint32
	CC                         [32]byte
}

// Linux's termios flag bits and control character slots (asm-generic/termbits.h).
const (
	IGNBRK  = 0x1
	BRKINT  = 0x2
	IGNPAR  = 0x4
	PARMRK  = 0x8
	INPCK   = 0x10
	ISTRIP  = 0x20
	INLCR   = 0x40
	IGNCR   = 0x80
	ICRNL   = 0x100
	IUCLC   = 0x200
	IXON    = 0x400
	IXANY   = 0x800
	IXOFF   = 0x1000
	IMAXBEL = 0x2000
	IUTF8   = 0x4000

	OPOST  = 0x1
	OLCUC  = 0x2
	ONLCR  = 0x4
	OCRNL  = 0x8
	ONOCR  = 0x10
	ONLRET = 0x20
	OFILL  = 0x40
	OFDEL  = 0x80

	ISIG    = 0x1
	ICANON  = 0x2
	XCASE   = 0x4
	ECHO    = 0x8
	ECHOE   = 0x10
	ECHOK   = 0x20
	ECHONL  = 0x40
	NOFLSH  = 0x80
	TOSTOP  = 0x100
	ECHOCTL = 0x200
	ECHOPRT = 0x400
	ECHOKE  = 0x800
	FLUSHO  = 0x1000
	IEXTEN  = 0x8000
	EXTPROC = 0x10000

	VINTR  = 0
	VQUIT  = 1
	VERASE = 2
	VKILL  = 3
	VEOF   = 4
	VTIME  = 5
	VMIN   = 6
)

// defaultCC are the control characters of a fresh pty (and of `stty sane`):
// intr ^C, quit ^\, erase ^?, kill ^U, eof ^D, time 0, min 1, start ^Q,
// stop ^S, susp ^Z, rprnt ^R, discard ^O, werase ^W, lnext ^V.
var defaultCC = [32]byte{0x3, 0x1c, 0x7f, 0x15, 0x4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16}

// SSHDTermios is the pty sshd gives a session with the client's stock modes
// (`stty -g` in one: 500:5:bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0...).
func SSHDTermios() Termios {
	return Termios{Iflag: ICRNL | IXON, Oflag: OPOST | ONLCR, Cflag: 0xbf,
		Lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, CC: defaultCC}
}
