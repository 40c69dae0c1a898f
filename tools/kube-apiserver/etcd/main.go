// Command etcd is the etcd server that the fleet's kube-apiserver checks run against, built from
// the released go.etcd.io/etcd/server/v3 module (scripts/setup.sh builds it into .tools/bin).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
