using System.Security.Claims;
using Dashboard.Core.People;
using Dashboard.Core.Spot.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Notifications;

public static class NotificationEndpoints
{
    public const string Path = "/api/notifications";

    /// <summary>
    /// <c>GET /api/notifications</c>: the signed-in person's unread count and newest Spot notifications, as the bell
    /// shows them. Signed out: 401; a person who receives none (a student) gets an empty list, as they would in the bell.
    /// </summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder routes)
    {
        // Typed results mark it as an API endpoint: an anonymous call gets 401, not a redirect to the sign-in page.
        routes.MapGet(Path, GetAsync).RequireAuthorization();
        return routes;
    }

    private static async Task<Ok<NotificationList>> GetAsync(HttpContext http, ClaimsPrincipal user, SpotNotifications notifications)
    {
        var viewer = Viewer.From(user);
        http.Response.Headers.CacheControl = "no-store";
        var unread = await notifications.UnreadCountAsync(viewer, http.RequestAborted);
        var items = await notifications.RecentAsync(viewer, cancellationToken: http.RequestAborted);
        return TypedResults.Ok(new NotificationList(unread, items));
    }
}

/// <summary>What <c>GET /api/notifications</c> answers: the unread count and the newest notifications, newest first.</summary>
public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Notifications);
