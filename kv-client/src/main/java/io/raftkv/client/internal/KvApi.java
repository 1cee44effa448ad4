package io.raftkv.client.internal;

import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

/** The server's REST API v1 (docs/api.md) as Retrofit sees it; null arguments are left out. */
interface KvApi {

    @GET("api/v1/kv/{key}")
    Call<ResponseBody> get(@Path(value = "key", encoded = true) String key, @Query("consistency") String consistency);

    @PUT("api/v1/kv/{key}")
    Call<ResponseBody> put(@Path(value = "key", encoded = true) String key,
                           @Query("prevRevision") Long prevRevision,
                           @Header("If-None-Match") String ifNoneMatch,
                           @Header("Idempotency-Key") String idempotencyKey,
                           @Body RequestBody value);

    @DELETE("api/v1/kv/{key}")
    Call<ResponseBody> delete(@Path(value = "key", encoded = true) String key,
                              @Query("prevRevision") Long prevRevision,
                              @Header("Idempotency-Key") String idempotencyKey);

    @GET("api/v1/kv")
    Call<ResponseBody> list(@Query("prefix") String prefix, @Query("start") String start,
                            @Query("limit") int limit, @Query("keysOnly") Boolean keysOnly,
                            @Query("consistency") String consistency);

    @GET("api/v1/cluster/status")
    Call<ResponseBody> clusterStatus();
}
