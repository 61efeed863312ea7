/// Joint model–quantization–hardware search over the design-space database.
public enum CIMSearch {
    /// The paper's GA settings: population 150, 100 generations.
    public static let paperPopulation = GAOptions.paper.populationSize
}
