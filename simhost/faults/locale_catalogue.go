package faults

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The locale fault's catalogues: the texts of glibc 2.36, coreutils 9.1, bash
// 5.2 and sudo's German and French message catalogues (Debian 12) for the
// messages the host's commands print, and the LC_TIME names glibc's de_DE and
// fr_FR locales use. French typography puts a no-break space (\u00a0) before
// ":" and "?" where the catalogues do.
//
// Each table below has a row per English text: the English, then its
// translation in each of localeLanguages, in their order.

// localeCatalogue is one language.
type localeCatalogue struct {
	lang     string
	errno    map[string]string              // strerror texts
	words    map[string]string              // file types, as rm's prompt and stat %F name them
	errRules []localeRule                   // every command's stderr
	outRules map[string]func() []localeRule // per run: df keeps state
}

// Kinds of messages, by where they sit in a line.
const (
	msgError  = iota // "prog: " + message + optional ": strerror", as error() prints
	msgLine          // the whole line (or prompt)
	msgPrefix        // the start of a line
	msgSuffix        // the end of a line
)

// localeRow is an English text and its translations, in localeLanguages' order.
type localeRow = [3]string

// localeMessages are the messages, in the order they are tried: a longer
// message before one it contains. The English are the catalogues' msgids with
// %s, %d and %c, and %T for a file type, which is translated too.
var localeMessages = []struct {
	kind int
	text localeRow
}{
	{msgPrefix, localeRow{"%s: line %d: ", "%s: Zeile %d: ", "%s: ligne %d : "}},
	{msgLine, localeRow{"sudo: %s: command not found", "sudo: %s: Befehl nicht gefunden", "sudo: %s\u00a0: commande introuvable"}},
	{msgSuffix, localeRow{"%s: command not found", "%s: Kommando nicht gefunden.", "%s\u00a0: commande introuvable"}},
	{msgLine, localeRow{"[sudo] password for %s: ", "[sudo] Passwort für %s: ", "[sudo] Mot de passe de %s\u00a0: "}},
	{msgLine, localeRow{"%s: remove write-protected %T %s? ", "%s: %s (schreibgeschützt) %s entfernen? ", "%1$s\u00a0: supprimer %3$s qui est protégé en écriture et est du type «\u00a0%2$s\u00a0»\u00a0? "}},
	{msgLine, localeRow{"%s: remove %T %s? ", "%s: %s %s entfernen? ", "%1$s\u00a0: supprimer %3$s du type %2$s\u00a0? "}},
	{msgLine, localeRow{"%s: descend into write-protected directory %s? ", "%s: in schreibgeschütztes Verzeichnis %s absteigen? ", "%s\u00a0: descendre dans le répertoire protégé en écriture %s\u00a0? "}},
	{msgLine, localeRow{"%s: descend into directory %s? ", "%s: in Verzeichnis %s absteigen? ", "%s\u00a0: descendre dans le répertoire %s\u00a0? "}},
	{msgLine, localeRow{"%s: overwrite %s? ", "%s: %s überschreiben? ", "%s\u00a0: voulez-vous écraser %s\u00a0? "}},
	{msgLine, localeRow{"Try '%s --help' for more information.", "„%s --help“ liefert weitere Informationen.", "Saisissez «\u00a0%s --help\u00a0» pour plus d'informations."}},
	{msgLine, localeRow{"%s: invalid option -- '%c'", "%s: Ungültige Option -- %c", "%s\u00a0: option invalide -- '%c'"}},
	{msgLine, localeRow{"%s: unrecognized option '%s'", "%s: Unbekannte Option »%s«", "%s\u00a0: option non reconnue '%s'"}},
	{msgLine, localeRow{"%s: option requires an argument -- '%c'", "%s: Diese Option benötigt ein Argument -- »%c«", "%s\u00a0: l'option requiert un argument -- %c"}},
	{msgError, localeRow{"cannot access %s", "Zugriff auf %s nicht möglich", "impossible d'accéder à %s"}},
	{msgError, localeRow{"failed to access %s", "auf %s konnte nicht zugegriffen werden", "impossible d'accéder à %s"}},
	{msgError, localeRow{"cannot remove %s", "das Entfernen von %s ist nicht möglich", "impossible de supprimer %s"}},
	{msgError, localeRow{"cannot stat %s", "der Aufruf von stat für %s ist nicht möglich", "impossible d'évaluer %s"}},
	{msgError, localeRow{"cannot open %s for reading", "%s kann nicht zum Lesen geöffnet werden", "impossible d'ouvrir %s en lecture"}},
	{msgError, localeRow{"cannot create directory %s", "das Verzeichnis %s kann nicht angelegt werden", "impossible de créer le répertoire %s"}},
	{msgError, localeRow{"cannot create regular file %s", "reguläre Datei %s kann nicht angelegt werden", "impossible de créer le fichier standard %s"}},
	{msgError, localeRow{"cannot open directory %s", "Öffnen von Verzeichnis %s nicht möglich", "impossible d'ouvrir le répertoire %s"}},
	{msgError, localeRow{"cannot read directory %s", "das Verzeichnis %s kann nicht gelesen werden", "impossible de lire le répertoire %s"}},
	{msgError, localeRow{"cannot move %s to %s", "das Verschieben von %s nach %s ist nicht möglich", "impossible de déplacer %s vers %s"}},
	{msgError, localeRow{"cannot overwrite directory %s with non-directory", "Das Überschreiben des Verzeichnisses %s mit einem Nicht\u2010Verzeichnis ist nicht möglich.", "impossible d'écraser le répertoire %s par un non répertoire"}},
	{msgError, localeRow{"-r not specified; omitting directory %s", "-r wurde nicht angegeben, daher wird das Verzeichnis %s ausgelassen", "-r non spécifié\u00a0; omission du répertoire %s"}},
	{msgError, localeRow{"omitting directory %s", "Verzeichnis %s wird ausgelassen", "omission du répertoire %s"}},
	{msgError, localeRow{"refusing to remove %s or %s directory: skipping %s", "Entfernen von %s Verzeichnis %s nicht möglich: %s wird übersprungen", "refus de suppression des répertoires %s ou %s\u00a0: %s ignoré"}},
	{msgError, localeRow{"missing destination file operand after %s", "Fehlender Zieldatei\u2010Operand hinter %s", "opérande de fichier cible manquant après %s"}},
	{msgError, localeRow{"missing operand after %s", "fehlender Operand nach %s", "opérande manquant après %s"}},
	{msgError, localeRow{"missing file operand", "Fehlender Dateioperand", "opérande de fichier manquant"}},
	{msgError, localeRow{"missing operand", "fehlender Operand", "opérande manquant"}},
	{msgError, localeRow{"extra operand %s", "zusätzlicher Operand %s", "opérande supplémentaire %s"}},
	{msgError, localeRow{"invalid mode: %s", "Ungültiger Modus: %s", "mode incorrect\u00a0: %s"}},
	{msgError, localeRow{"invalid date %s", "ungültiges Datum %s", "date %s incorrecte"}},
	{msgError, localeRow{"cannot set date", "das Datum kann nicht gesetzt werden", "impossible de définir la date"}},
	{msgLine, localeRow{"removed directory %s", "Verzeichnis %s wurde entfernt", "répertoire %s supprimé"}},
	{msgLine, localeRow{"removed %s", "%s wurde entfernt", "%s supprimé"}},
	{msgLine, localeRow{"created directory %s", "Verzeichnis %s angelegt", "création du répertoire %s"}},
}

// localeErrno are glibc's strerror texts the catalogues translate.
var localeErrno = []localeRow{
	{"No such file or directory", "Datei oder Verzeichnis nicht gefunden", "Aucun fichier ou dossier de ce type"},
	{"Permission denied", "Keine Berechtigung", "Permission non accordée"},
	{"Operation not permitted", "Die Operation ist nicht erlaubt", "Opération non permise"},
	{"File exists", "Die Datei existiert bereits", "Le fichier existe"},
	{"Not a directory", "Ist kein Verzeichnis", "N'est pas un dossier"},
	{"Is a directory", "Ist ein Verzeichnis", "est un dossier"},
	{"Directory not empty", "Das Verzeichnis ist nicht leer", "Le dossier n'est pas vide"},
	{"Too many levels of symbolic links", "Zu viele Ebenen aus symbolischen Links", "Trop de niveaux de liens symboliques"},
	{"Invalid argument", "Das Argument ist ungültig", "Argument invalide"},
	{"Invalid cross-device link", "Ungültiger Link über Gerätegrenzen hinweg", "Lien physique inter-périphérique invalide"},
	{"No space left on device", "Auf dem Gerät ist kein Speicherplatz mehr verfügbar", "Aucun espace disponible sur le périphérique"},
	{"Read-only file system", "Das Dateisystem ist nur lesbar", "Système de fichiers accessible en lecture seulement"},
	{"Device or resource busy", "Das Gerät oder die Ressource ist belegt", "Périphérique ou ressource occupé"},
	{"Bad file descriptor", "Ungültiger Dateideskriptor", "Mauvais descripteur de fichier"},
	{"No such process", "Kein passender Prozess gefunden", "Aucun processus de ce type"},
	{"Input/output error", "Eingabe-/Ausgabefehler", "Erreur d'entrée/sortie"},
	{"Exec format error", "Fehler im Format der Programmdatei", "Erreur de format pour exec()"},
	{"Argument list too long", "Die Argumentliste ist zu lang", "Liste d'arguments trop longue"},
	{"Disk quota exceeded", "Der zugewiesene Plattenplatz (Quota) ist überschritten", "Débordement du quota d'espace disque"},
	{"Stale file handle", "Veraltete Dateizugriffsnummer (file handle)", "Panne d'accès au fichier"},
}

// localeFileTypes name file types as rm's prompt and stat %F do.
var localeFileTypes = []localeRow{
	{"regular empty file", "reguläre leere Datei", "fichier vide"},
	{"regular file", "reguläre Datei", "fichier"},
	{"directory", "Verzeichnis", "répertoire"},
	{"symbolic link", "symbolische Verknüpfung", "lien symbolique"},
	{"fifo", "FIFO", "FIFO"},
	{"socket", "Socket", "socket"},
	{"character special file", "zeichenorientierte Spezialdatei", "fichier spécial de caractères"},
	{"block special file", "blockorientierte Spezialdatei", "fichier spécial de blocs"},
	{"weird file", "merkwürdige Datei", "fichier étrange"},
}

// localeDFWords are df's headings ("blocks" as in "1K-blocks").
var localeDFWords = []localeRow{
	{"Filesystem", "Dateisystem", "Sys. de fichiers"},
	{"Type", "Typ", "Type"},
	{"blocks", "Blöcke", "blocs"},
	{"Size", "Größe", "Taille"},
	{"Used", "Benutzt", "Utilisé"},
	{"Avail", "Verf.", "Dispo"},
	{"Available", "Verfügbar", "Disponible"},
	{"Use%", "Verw%", "Uti%"},
	{"Mounted on", "Eingehängt auf", "Monté sur"},
	{"Inodes", "Inodes", "Inœuds"},
	{"IUsed", "IBenutzt", "IUtil."},
	{"IFree", "IFrei", "ILibre"},
	{"IUse%", "IUse%", "IUti%"},
}

var (
	localeDays   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	localeMonths = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// localeText is one language's dates and ls's total.
type localeText struct {
	lang         string
	abday, abmon []string
	// dateFmt is date's default output; lsRecent and lsOld are ls -l's time
	// formats; all in strftime form over %a %b %d %-d %e %H:%M:%S %T %Z %Y.
	dateFmt, lsRecent, lsOld string
	total                    string
}

// localeLanguages are the languages, in the order of the tables' columns.
var localeLanguages = []localeText{
	{
		lang:     "de_DE",
		abday:    []string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"},
		abmon:    []string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
		dateFmt:  "%a %-d. %b %H:%M:%S %Z %Y",
		lsRecent: "%e. %b %H:%M",
		lsOld:    "%e. %b %Y ",
		total:    "insgesamt",
	},
	{
		lang:     "fr_FR",
		abday:    []string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
		abmon:    []string{"janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		dateFmt:  "%a %d %b %Y %T %Z",
		lsRecent: "%e %b %H:%M",
		lsOld:    "%e %b  %Y",
		total:    "total",
	},
}

// localeColumn is one column of a table: 0 the English, 1 + i the translation
// into localeLanguages[i].
func localeColumn(rows []localeRow, col int) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[col]
	}
	return out
}

// localeTranslation maps a table's English to its translation in column col.
func localeTranslation(rows []localeRow, col int) map[string]string {
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r[0]] = r[col]
	}
	return out
}

// localeErrnoTexts are glibc's English strerror texts.
var localeErrnoTexts = localeColumn(localeErrno, 0)

// localeCatalogues are the languages the locale fault speaks, built once.
var localeCatalogues = func() map[string]*localeCatalogue {
	out := map[string]*localeCatalogue{}
	for i, t := range localeLanguages {
		col := 1 + i
		c := &localeCatalogue{lang: t.lang, errno: localeTranslation(localeErrno, col),
			words: localeTranslation(localeFileTypes, col)}
		for _, m := range localeMessages {
			c.errRules = append(c.errRules, messageRule(m.kind, m.text[0], m.text[col]))
		}
		dates := localeDateRules(t)
		ls := []localeRule{localeTotalRule(t.total), dates.ls}
		date := []localeRule{dates.date}
		du := []localeRule{{key: "\ttotal", apply: func(_ *localeCatalogue, line string) string {
			return strings.TrimSuffix(line, "total") + t.total
		}}}
		df := localeTranslation(localeDFWords, col)
		c.outRules = map[string]func() []localeRule{
			"ls":   func() []localeRule { return ls },
			"date": func() []localeRule { return date },
			"du":   func() []localeRule { return du },
			"df":   func() []localeRule { return []localeRule{localeDFRule(df)} },
		}
		out[t.lang] = c
	}
	return out
}()

// messageRule builds the rule for one printf-style message and its translation.
func messageRule(kind int, id, tr string) localeRule {
	var re strings.Builder
	var verbs []byte
	key := ""
	lit := func(s string) {
		re.WriteString(regexp.QuoteMeta(s))
		if len(strings.TrimSpace(s)) > len(strings.TrimSpace(key)) {
			key = s
		}
	}
	rest := id
	for {
		i := strings.IndexByte(rest, '%')
		if i < 0 || i == len(rest)-1 {
			lit(rest)
			break
		}
		lit(rest[:i])
		switch v := rest[i+1]; v {
		case 's':
			re.WriteString(`(.+?)`)
		case 'd':
			re.WriteString(`(\d+)`)
		case 'c':
			re.WriteString(`(.)`)
		case 'T':
			re.WriteString(`(` + strings.Join(localeColumn(localeFileTypes, 0), "|") + `)`)
		}
		verbs = append(verbs, rest[i+1])
		rest = rest[i+2:]
	}
	body := re.String()
	var pattern string
	switch kind {
	case msgError:
		pattern = `^([^:]+: )` + body + `((?:: .*)?)$`
	case msgLine:
		pattern = `^` + body + `$`
	case msgPrefix:
		pattern = `^` + body
	case msgSuffix:
		pattern = body + `$`
	}
	rx := regexp.MustCompile(pattern)
	return localeRule{key: strings.TrimSpace(key), apply: func(c *localeCatalogue, line string) string {
		m := rx.FindStringSubmatchIndex(line)
		if m == nil {
			return line
		}
		group := func(n int) string {
			if m[2*n] < 0 {
				return ""
			}
			return line[m[2*n]:m[2*n+1]]
		}
		first, pre, post := 1, "", ""
		if kind == msgError {
			first, pre, post = 2, group(1), group(len(verbs)+2)
		}
		args := make([]string, len(verbs))
		for i, v := range verbs {
			args[i] = group(first + i)
			if v == 'T' {
				if w, ok := c.words[args[i]]; ok {
					args[i] = w
				}
			}
		}
		return line[:m[0]] + pre + localeFormat(tr, args) + post + line[m[1]:]
	}}
}

// localeFormat fills a catalogue's printf format with args, in order or by
// position (%2$s).
func localeFormat(format string, args []string) string {
	var b strings.Builder
	next := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i == len(format)-1 {
			b.WriteByte(format[i])
			continue
		}
		i++
		if format[i] == '%' {
			b.WriteByte('%')
			continue
		}
		n := -1
		if j := strings.IndexByte(format[i:], '$'); j > 0 {
			if v, err := strconv.Atoi(format[i : i+j]); err == nil {
				n, i = v-1, i+j+1
			}
		}
		if n < 0 {
			n, next = next, next+1
		}
		if n < len(args) {
			b.WriteString(args[n])
		}
	}
	return b.String()
}

// localeTotalRule is ls's "total 12" line.
func localeTotalRule(total string) localeRule {
	return localeRule{key: "total ", apply: func(_ *localeCatalogue, line string) string {
		if rest, ok := strings.CutPrefix(line, "total "); ok && !strings.Contains(rest, " ") {
			return total + " " + rest
		}
		return line
	}}
}

// localeDFRule translates df's header and widens the table's columns where a
// translated heading is longer, as df sizes each column by its widest cell.
// It keeps state from the header to the rows: make one per df run.
func localeDFRule(words map[string]string) localeRule {
	header := regexp.MustCompile(`^Filesystem\b.*\bMounted on$`)
	cell := regexp.MustCompile(`Mounted on|\S+`)
	var widen []int // spaces to add before each column of the rows
	return localeRule{key: "", apply: func(_ *localeCatalogue, line string) string {
		if widen == nil {
			if !header.MatchString(line) {
				return line
			}
			return localeDFHeader(line, cell.FindAllStringIndex(line, -1), words, &widen)
		}
		return localeDFRow(line, widen)
	}}
}

// localeDFHeader lays out the translated header: a right-aligned heading keeps
// its column's right edge unless it no longer fits, a left-aligned one its left
// edge; widen records how far each column moved.
func localeDFHeader(line string, cells [][]int, words map[string]string, widen *[]int) string {
	*widen = make([]int, len(cells))
	var b strings.Builder
	cursor, shift := 0, 0
	for i, c := range cells {
		en := line[c[0]:c[1]]
		tr, ok := words[en]
		if n, blocks := strings.CutSuffix(en, "-blocks"); blocks {
			tr, ok = n+"-"+words["blocks"], true
		}
		if !ok {
			tr = en
		}
		width := utf8.RuneCountInString(tr)
		var at int
		switch {
		case i == 0:
			at = 0
		case en == "Type" || en == "Mounted on": // text: left-aligned
			at = c[0] + shift
		default: // numbers: right-aligned
			at = c[1] + shift - width
		}
		if i > 0 && at < cursor+1 {
			(*widen)[i] = cursor + 1 - at
			shift += cursor + 1 - at
			at = cursor + 1
		}
		b.WriteString(strings.Repeat(" ", at-cursor))
		b.WriteString(tr)
		cursor = at + width
	}
	return b.String()
}

// localeDFRow widens a row's columns as the header's were.
func localeDFRow(line string, widen []int) string {
	var b strings.Builder
	col, inField := 0, false
	for i, r := range line {
		if r == ' ' {
			inField = false
		} else if !inField {
			inField = true
			if col > 0 && col < len(widen) {
				b.WriteString(strings.Repeat(" ", widen[col]))
			}
			col++
			if col == len(widen) { // the mount point: the rest, spaces and all
				b.WriteString(line[i:])
				return b.String()
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

type localeDates struct{ ls, date localeRule }

// localeDateRules rewrite `date`'s default output and ls -l's time column.
func localeDateRules(t localeText) localeDates {
	days, months := strings.Join(localeDays, "|"), strings.Join(localeMonths, "|")
	dateRE := regexp.MustCompile(`^(` + days + `) (` + months + `) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\S+) (-?\d+)$`)
	lsRE := regexp.MustCompile(`^([-bcdlps?][-rwxsStT]{9}[.+@]? .*? )(` + months + `) ([ \d]\d) (\d\d:\d\d| \d{4}) `)
	// abmon widths differ in French: ls pads them to the widest, as coreutils does.
	width := 0
	for _, m := range t.abmon {
		width = max(width, utf8.RuneCountInString(m))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
	return localeDates{
		date: localeRule{key: "", apply: func(_ *localeCatalogue, line string) string {
			m := dateRE.FindStringSubmatch(line)
			if m == nil {
				return line
			}
			day, _ := strconv.Atoi(strings.TrimSpace(m[3]))
			return strftimeLocale(t.dateFmt, map[byte]string{
				'a': t.abday[localeIndex(localeDays, m[1])], 'b': t.abmon[localeIndex(localeMonths, m[2])],
				'd': localeZeroPad(day), '-': strconv.Itoa(day), 'e': localeSpacePad(day),
				'H': m[4], 'M': m[5], 'S': m[6], 'Z': m[7], 'Y': m[8],
			})
		}},
		ls: localeRule{key: "", apply: func(_ *localeCatalogue, line string) string {
			m := lsRE.FindStringSubmatchIndex(line)
			if m == nil {
				return line
			}
			mon, dayText, clock := line[m[4]:m[5]], line[m[6]:m[7]], line[m[8]:m[9]]
			day, _ := strconv.Atoi(strings.TrimSpace(dayText))
			format, year, hour, minute := t.lsRecent, "", "", ""
			if strings.HasPrefix(clock, " ") {
				format, year = t.lsOld, strings.TrimSpace(clock)
			} else {
				hour, minute, _ = strings.Cut(clock, ":")
			}
			when := strftimeLocale(format, map[byte]string{
				'b': pad(t.abmon[localeIndex(localeMonths, mon)]), 'e': localeSpacePad(day), 'd': localeZeroPad(day),
				'H': hour, 'M': minute, 'Y': year,
			})
			return line[:m[4]] + when + " " + line[m[1]:]
		}},
	}
}

// strftimeLocale expands the few strftime conversions the locales' formats use;
// %-d is looked up as '-', %T as %H:%M:%S.
func strftimeLocale(format string, v map[byte]string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i == len(format)-1 {
			b.WriteByte(format[i])
			continue
		}
		i++
		switch c := format[i]; c {
		case '-':
			i++
			b.WriteString(v['-'])
		case 'T':
			b.WriteString(v['H'] + ":" + v['M'] + ":" + v['S'])
		default:
			b.WriteString(v[c])
		}
	}
	return b.String()
}

func localeIndex(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return 0
}

func localeZeroPad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func localeSpacePad(n int) string {
	if n < 10 {
		return " " + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
