import ArgumentParser
import CIMSearch
import CIMWorkload

extension CompatMode: ExpressibleByArgument {}
extension SearchAccuracy: ExpressibleByArgument {}
