import ArgumentParser
import CIMWorkload

extension CompatMode: ExpressibleByArgument {}
