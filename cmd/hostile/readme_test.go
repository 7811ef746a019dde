package main_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
)

// walkStep is one step of the README's walk-through: a file to write, or a
// shell command with what its output must show (#=> lines).
type walkStep struct {
	file, content string // a ```yaml block after a line naming `FILE`
	command       string // a line of a ```sh block
	background    bool   // the command ends with " &"
	shows         []string
	exit          int
}

// walkThrough reads the steps of the README section titled title, in order.
func walkThrough(readme, title string) []walkStep {
	GinkgoHelper()
	start := strings.Index(readme, "\n## "+title+"\n")
	Expect(start).To(BeNumerically(">=", 0), "the README has no section %q", title)
	section := readme[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var steps []walkStep
	lines := strings.Split(section, "\n")
	fileName := regexp.MustCompile("`([^`]+\\.yaml)`:\\s*$")
	for i := 0; i < len(lines); i++ {
		fence := strings.TrimSpace(lines[i])
		if fence != "```yaml" && fence != "```sh" {
			continue
		}
		var block []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			block = append(block, lines[i])
		}
		if fence == "```yaml" {
			name := ""
			for j := i - len(block) - 2; j >= 0 && name == ""; j-- {
				if m := fileName.FindStringSubmatch(lines[j]); m != nil {
					name = m[1]
				} else if strings.TrimSpace(lines[j]) != "" && !strings.HasPrefix(strings.TrimSpace(lines[j]), "1.") {
					break
				}
			}
			Expect(name).NotTo(BeEmpty(), "a yaml block with no `FILE.yaml`: line before it")
			steps = append(steps, walkStep{file: name, content: strings.Join(block, "\n") + "\n"})
			continue
		}
		for _, l := range block {
			switch {
			case strings.HasPrefix(l, "#=> exit "):
				steps[len(steps)-1].exit = must(strconv.Atoi(strings.TrimPrefix(l, "#=> exit ")))
			case strings.HasPrefix(l, "#=> "):
				steps[len(steps)-1].shows = append(steps[len(steps)-1].shows, strings.TrimPrefix(l, "#=> "))
			case strings.TrimSpace(l) != "":
				cmd, bg := strings.CutSuffix(l, " &")
				steps = append(steps, walkStep{command: cmd, background: bg})
			}
		}
	}
	return steps
}

// showsPattern matches words of text separated by any run of blanks, as
// tables and aligned output print them.
func showsPattern(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

func freePort() string {
	GinkgoHelper()
	l := must(net.Listen("tcp", "127.0.0.1:0"))
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

var _ = Describe("the README's walk-through", func() {
	It("works as written: each command run in order, each #=> line seen", func() {
		_, err := exec.LookPath("sshpass")
		Expect(err).NotTo(HaveOccurred(), "the walk-through pokes at the host with sshpass: make deps installs it")
		steps := walkThrough(string(must(os.ReadFile("../../README.md"))), "A QA engineer's walk-through")
		Expect(len(steps)).To(BeNumerically(">=", 10))

		dir := GinkgoT().TempDir()
		// The README's ports, moved to free ones so the spec runs beside anything.
		ssh, api := freePort(), freePort()
		ports := strings.NewReplacer("127.0.0.1:2222", "127.0.0.1:"+ssh, "-p 2222", "-p "+ssh, "-P 2222", "-P "+ssh,
			"127.0.0.1:8474", "127.0.0.1:"+api)
		env := append(os.Environ(), "PATH="+filepath.Dir(hostile)+":"+os.Getenv("PATH"))
		shell := func(command string) *gexec.Session {
			cmd := exec.Command("bash", "-c", ports.Replace(command))
			cmd.Dir, cmd.Env = dir, env
			return must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
		}
		for _, st := range steps {
			if st.file != "" {
				Expect(os.WriteFile(filepath.Join(dir, st.file), []byte(st.content), 0o644)).To(Succeed())
				continue
			}
			By(st.command)
			s := shell(st.command)
			if st.background {
				DeferCleanup(func() {
					s.Signal(syscall.SIGTERM)
					Eventually(s).Should(gexec.Exit(0), "%s stops cleanly", st.command)
				})
				for _, want := range st.shows {
					re := showsPattern(ports.Replace(want))
					Eventually(func() string { return string(s.Out.Contents()) + string(s.Err.Contents()) }).
						Should(MatchRegexp(re.String()), "%s shows %q", st.command, want)
				}
				continue
			}
			Eventually(s, 2*time.Minute).Should(gexec.Exit(), st.command)
			out := string(s.Out.Contents()) + string(s.Err.Contents())
			Expect(s.ExitCode()).To(Equal(st.exit), "%s\n%s", st.command, out)
			for _, want := range st.shows {
				Expect(out).To(MatchRegexp(showsPattern(ports.Replace(want)).String()), "%s shows %q", st.command, want)
			}
		}
	})
})

// layoutRows reads the folders the README's Layout table names, each with its
// row's text.
func layoutRows(readme string) map[string]string {
	GinkgoHelper()
	start := strings.Index(readme, "\n## Layout\n")
	Expect(start).To(BeNumerically(">=", 0), "the README has no Layout section")
	section := readme[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	rows := map[string]string{}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|(.*)\\|$")
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		rows[m[1]] = m[2]
	}
	return rows
}

// goPackageDirs lists the lab's folders that hold Go files, relative to root,
// leaving out the vendored modules under third_party (a row each), test data
// and what builds leave.
func goPackageDirs(root string) []string {
	GinkgoHelper()
	var dirs []string
	Expect(filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := must(filepath.Rel(root, path))
		if d.IsDir() {
			switch d.Name() {
			case "third_party", "testdata", ".git", "bin", "out", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".go") {
			if dir := filepath.Dir(rel); len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})).To(Succeed())
	return dirs
}

var _ = Describe("the README's Layout table", func() {
	rows := layoutRows(string(must(os.ReadFile("../../README.md"))))

	It("names only folders that exist", func() {
		for folder := range rows {
			Expect(filepath.Join("../..", folder)).To(BeADirectory(), "the Layout table's row `%s`", folder)
		}
	})

	It("gives every Go package a row, or a mention in its nearest parent's row", func() {
		for _, dir := range goPackageDirs("../..") {
			if _, ok := rows[dir]; ok {
				continue
			}
			parent := filepath.Dir(dir)
			for ; parent != "."; parent = filepath.Dir(parent) {
				if _, ok := rows[parent]; ok {
					break
				}
			}
			rel := must(filepath.Rel(parent, dir))
			Expect(rows).To(HaveKeyWithValue(parent, ContainSubstring("`"+rel+"`")),
				"package %s has no row in the README's Layout table, nor a mention in its parent's", dir)
		}
	})

	It("gives every vendored module under third_party a row", func() {
		for _, d := range must(os.ReadDir("../../third_party")) {
			Expect(rows).To(HaveKey("third_party/"+d.Name()), "third_party/%s", d.Name())
		}
	})
})
