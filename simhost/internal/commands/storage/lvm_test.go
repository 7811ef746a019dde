package storage_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// lvmHost has one VG on /dev/sda2 holding root and swap, and an unused PV.
func lvmHost(personality string) *machine.Machine {
	return NewHost(personality, func(d *machine.Description) {
		d.LVM = machine.LVM{
			PVs: []machine.PV{
				{Name: "/dev/sdb", Size: 10737418240, Free: 10737418240, UUID: "Xk3FvB-1aQe-Ls8d-0Pqe-Zr7H-N2cW-u9YtLm"},
				{Name: "/dev/sda2", VG: "vg0", Size: 20396900352, Free: 0, UUID: "Jq3gkx-0cTe-Qm1Q-XoVl-Lb1E-7Ro5-z4W2ot"},
			},
			VGs: []machine.VG{{Name: "vg0", UUID: "kUTr5T-OTe3-bN4c-p0Qz-Lb1E-7Ro5-Hq2dWe"}},
			LVs: []machine.LV{
				{Name: "swap", VG: "vg0", Size: 1069547520, UUID: "d3Hk2L-aaaa-bbbb-cccc-dddd-eeee-ffffff"},
				{Name: "root", VG: "vg0", Size: 19327352832, Attr: "-wi-ao----", UUID: "p9Qw1E-aaaa-bbbb-cccc-dddd-eeee-gggggg"},
			},
		}
	})
}

var _ = Describe("pvs", func() {
	It("prints lvm2's default columns, aligned, with < for a size rounded up", func() {
		Expect(Run(lvmHost("debian12"), "root", "pvs")).To(Equal(Result{Stdout: "" +
			"  PV         VG  Fmt  Attr PSize   PFree \n" +
			"  /dev/sda2  vg0 lvm2 a--  <19.00g     0 \n" +
			"  /dev/sdb       lvm2 ---   10.00g 10.00g\n"}))
	})

	It("takes -o, --noheadings, --units, --nosuffix and --separator as vdsm uses them", func() {
		m := lvmHost("debian12")
		Expect(Run(m, "root", "pvs --noheadings -o pv_name,vg_name").Stdout).To(Equal("  /dev/sda2  vg0\n  /dev/sdb      \n"))
		Expect(Run(m, "root", "pvs --noheadings --units b --nosuffix --separator '|' -o pv_name,pv_size,pv_free,uuid /dev/sda2").Stdout).To(
			Equal("  /dev/sda2|20396900352|0|Jq3gkx-0cTe-Qm1Q-XoVl-Lb1E-7Ro5-z4W2ot\n"))
		Expect(Run(m, "root", "pvs -o +pv_used --units m /dev/sda2").Stdout).To(Equal("" +
			"  PV         VG  Fmt  Attr PSize     PFree Used     \n" +
			"  /dev/sda2  vg0 lvm2 a--  19452.00m    0m 19452.00m\n"))
	})

	It("prints LVM2_ name prefixes and JSON", func() {
		m := lvmHost("debian12")
		Expect(Run(m, "root", "pvs --noheadings --nameprefixes -o pv_name,vg_name /dev/sda2").Stdout).To(
			Equal("  LVM2_PV_NAME='/dev/sda2' LVM2_VG_NAME='vg0'\n"))
		Expect(Run(m, "root", "pvs --reportformat json").Stdout).To(Equal(`  {
      "report": [
          {
              "pv": [
                  {"pv_name":"/dev/sda2", "vg_name":"vg0", "pv_fmt":"lvm2", "pv_attr":"a--", "pv_size":"<19.00g", "pv_free":"0 "},
                  {"pv_name":"/dev/sdb", "vg_name":"", "pv_fmt":"lvm2", "pv_attr":"---", "pv_size":"10.00g", "pv_free":"10.00g"}
              ]
          }
      ]
  }
`))
	})

	It("prints nothing on a host without LVM, and an empty JSON report", func() {
		m := NewHost("debian12")
		r := Run(m, "root", "pvs")
		Expect(r.Stdout + r.Stderr).To(BeEmpty())
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "root", "pvs --reportformat json").Stdout).To(Equal("  {\n      \"report\": [\n          {\n              \"pv\": [\n              ]\n          }\n      ]\n  }\n"))
	})

	It("sees no devices without /sys", func() {
		m := lvmHost("debian12")
		m.FS.KernelRemove("/sys")
		Expect(Run(m, "root", "pvs")).To(Equal(Result{Stderr: "  Failed to find sysfs mount point\n"}))
	})

	It("needs root", func() {
		Expect(Run(lvmHost("debian12"), "ops", "/usr/sbin/pvs")).To(Equal(Result{Stderr: "  WARNING: Running as a non-root user. Functionality may be unavailable.\n  /run/lock/lvm/P_global:aux: open failed: Permission denied\n", Code: 5}))
	})

	It("reports unknown devices, fields and options", func() {
		m := lvmHost("debian12")
		Expect(Run(m, "root", "pvs /dev/sdz")).To(Exited(5, "  Failed to find physical volume \"/dev/sdz\".\n"))
		Expect(Run(m, "root", "pvs -o foo")).To(Exited(3, "  Unrecognised field: foo\n"))
		Expect(Run(m, "root", "pvs --bogus")).To(Exited(3, "pvs: unrecognized option '--bogus'\n  Error during parsing of command line.\n"))
	})

	It("does not exist on Solaris", func() {
		Expect(Run(NewHost("solaris10-sparc"), "root", "pvs").Code).To(Equal(127))
	})
})

var _ = Describe("lvm", func() {
	It("runs pvs as vdsm does through sudo", func() {
		m := lvmHost("rhel7")
		Expect(Run(m, "root", "/sbin/lvm pvs --config 'global { locking_type=1 }' --noheadings --units b --nosuffix --separator '|' "+
			"--ignoreskippedcluster -o uuid,name,size,vg_name,vg_uuid,pe_start,pe_count,pe_alloc_count,mda_count,dev_size,mda_used_count /dev/sda2")).To(Printed("  Jq3gkx-0cTe-Qm1Q-XoVl-Lb1E-7Ro5-z4W2ot|/dev/sda2|20396900352|vg0|kUTr5T-OTe3-bN4c-p0Qz-Lb1E-7Ro5-Hq2dWe|1048576|4863|4863|1|20396900352|1\n", ""))
		Expect(Run(m, "root", "lvm frob")).To(Exited(3, "  No such command 'frob'.  Try 'help'.\n"))
	})
})

var _ = Describe("vgs", func() {
	It("sums its PVs and counts its LVs", func() {
		m := lvmHost("debian12")
		Expect(Run(m, "root", "vgs").Stdout).To(Equal("" +
			"  VG  #PV #LV #SN Attr   VSize   VFree\n" +
			"  vg0   1   2   0 wz--n- <19.00g    0 \n"))
		Expect(Run(m, "root", "vgs --units H --noheadings -o vg_name,vg_size").Stdout).To(Equal("  vg0 20.40G\n"))
		Expect(Run(m, "root", "vgs vg9")).To(Exited(5, "  Volume group \"vg9\" not found\n  Cannot process volume group vg9\n"))
	})
})

var _ = Describe("lvs", func() {
	It("lists LVs sorted by VG and name with lvm2's trailing padding", func() {
		Expect(Run(lvmHost("debian12"), "root", "lvs").Stdout).To(Equal("" +
			"  LV   VG  Attr       LSize    Pool Origin Data%  Meta%  Move Log Cpy%Sync Convert\n" +
			"  root vg0 -wi-ao----   18.00g                                                    \n" +
			"  swap vg0 -wi-ao---- 1020.00m                                                    \n"))
	})

	It("selects vg/lv and shows paths", func() {
		m := lvmHost("debian12")
		Expect(Run(m, "root", "lvs --noheadings -o lv_path,lv_dm_path,lv_uuid vg0/root").Stdout).To(
			Equal("  /dev/vg0/root /dev/mapper/vg0-root p9Qw1E-aaaa-bbbb-cccc-dddd-eeee-gggggg\n"))
		Expect(Run(m, "root", "lvs vg0/nope")).To(Exited(5, "  Failed to find logical volume \"vg0/nope\"\n"))
	})

	It("prints JSON rows separated by commas", func() {
		Expect(Run(lvmHost("debian12"), "root", "lvs --reportformat json -o lv_name,lv_size --units g").Stdout).To(Equal(`  {
      "report": [
          {
              "lv": [
                  {"lv_name":"root", "lv_size":"18.00g"},
                  {"lv_name":"swap", "lv_size":"1.00g"}
              ]
          }
      ]
  }
`))
	})
})
