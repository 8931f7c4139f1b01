using Microsoft.Extensions.DependencyInjection;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>Puts a test's wrapper in front of a service the silo registered, so the test can observe or hold it.</summary>
public static class RegisteredService
{
    /// <summary>Replaces the last registration of <typeparamref name="T"/> with <paramref name="wrap"/> around what it would create (register the service first).</summary>
    public static void Wrap<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(T) && !d.IsKeyedService);
        services.Remove(registered);
        services.AddSingleton(sp => wrap(Create<T>(registered, sp)));
    }

    private static T Create<T>(ServiceDescriptor descriptor, IServiceProvider services) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
